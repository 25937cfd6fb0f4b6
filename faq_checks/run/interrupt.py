"""
Stopping a run in order: Ctrl-C, SIGTERM (``timeout``, a cancelled CI job)
and SIGHUP (a closed terminal) all end ``faq-check run`` the same way.

The first of them raises :class:`Interrupted` where the run is; the runner
stops the fork server (which kills every worker tree and removes its
temporary root), and the report is still written: the answers that finished
with everything they said, the others marked "not run" with the reason.
Later signals are ignored until that is done, so the report is never cut
in half; the stop is bounded (see :meth:`faq_checks.run.client.Runner.close`).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from faq_checks.run.outcome import AnswerOutcome, Failure

#: The answer status of an answer the run never finished.
NOT_RUN = "not_run"
#: Signals that stop a run in order.
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by ``signum``; the exit status is 128 + ``signum``, as a shell's."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def status(self) -> int:
        return 128 + self.signum

    @property
    def reason(self) -> str:
        name = signal.Signals(self.signum).name
        return "interrupted by SIGINT (Ctrl-C)" if self.signum == signal.SIGINT else f"interrupted by {name}"


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within: the first of :data:`SIGNALS` raises :class:`Interrupted`, later ones are ignored."""
    received: list[int] = []

    def handler(signum, frame) -> None:
        received.append(signum)
        if len(received) == 1:
            raise Interrupted(signum)

    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, action in previous.items():
            signal.signal(signum, action)


def reason_of(error: BaseException) -> str:
    """Why answers were not run, for the report."""
    if isinstance(error, Interrupted):
        return error.reason
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return "the fork server stopped before it could run them"


def not_run(path: str, reason: str) -> AnswerOutcome:
    """The outcome of an answer the run did not finish: no examples known, the reason at line 1."""
    return AnswerOutcome(path, status=NOT_RUN, failures=[Failure(1, f"not run: {reason}")])
