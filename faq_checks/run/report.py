"""How ``faq-check run`` shows outcomes: a table for people, one JSON object for machines."""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Iterable
from typing import TextIO

import twisted

from faq_checks.run.client import ServerStopped
from faq_checks.run.interrupt import NOT_RUN, not_run, reason_of
from faq_checks.run.outcome import AnswerOutcome
from faq_checks.run.progress import Progress


def _counts(outcome: AnswerOutcome) -> str:
    return f"{outcome.count('passed')}/{len(outcome.examples)}"


def _history(outcome: AnswerOutcome) -> str:
    """``  [corrected: 11.1.0]``: how the old answer fared, at a glance."""
    status = outcome.fields.get("status")
    if not status:
        return ""
    since = outcome.stale_since
    return f"  [{status}: {since}]" if since else f"  [{status}]"


class TextReport:
    """
    One row per answer as it finishes, then the failures with their lines in
    the order the answers were given.  With ``live`` (a terminal), a progress
    line under the rows says how far the run is and what is still running.
    """

    def __init__(self, stream: TextIO, live: bool = False) -> None:
        self.stream = stream
        self.progress = Progress(stream) if live else None

    def start(self) -> None:
        self.stream.write(f"{'status':<8} {'examples':>8} {'seconds':>8}  answer  [old answer: stale since]\n")

    def add(self, outcome: AnswerOutcome) -> None:
        if self.progress:
            self.progress.clear()
        self.stream.write(f"{outcome.status:<8} {_counts(outcome):>8} {outcome.seconds:>8.2f}  "
                          f"{outcome.path}{_history(outcome)}\n")
        self.stream.flush()

    def waiting(self, done: int, total: int, running: list[str]) -> None:
        if self.progress:
            self.progress.show(done, total, running)

    def finish(self, outcomes: list[AnswerOutcome], stopped: str | None = None) -> None:
        if self.progress:
            self.progress.clear()
        for outcome in outcomes:
            for failure in outcome.failures if outcome.status != NOT_RUN else ():
                self.stream.write(f"\n{outcome.path}:{failure.line}: {failure.message.rstrip()}\n")
        passed = sum(1 for o in outcomes if o.status == "passed")
        missed = sum(1 for o in outcomes if o.status == NOT_RUN)
        self.stream.write(f"\n{passed} of {len(outcomes)} answers passed "
                          f"(Twisted {twisted.__version__}, Python {platform.python_version()})\n")
        if stopped:
            self.stream.write(f"{missed} not run: {stopped}\n")
        self.stream.flush()


class JsonReport:
    """
    Exactly one JSON object, answers in the order given, written when every
    answer is done, or when the run is stopped: then ``stopped`` says why, and
    the summary counts the answers ``not_run``.
    """

    def __init__(self, stream: TextIO, live: bool = False) -> None:
        self.stream = stream  # never live: the stream is for a machine

    def start(self) -> None:
        pass

    def add(self, outcome: AnswerOutcome) -> None:
        pass

    def waiting(self, done: int, total: int, running: list[str]) -> None:
        pass

    def finish(self, outcomes: list[AnswerOutcome], stopped: str | None = None) -> None:
        passed = sum(1 for o in outcomes if o.status == "passed")
        missed = sum(1 for o in outcomes if o.status == NOT_RUN)
        document = {
            "twisted": twisted.__version__,
            "python": platform.python_version(),
            "answers": [outcome.to_json() for outcome in outcomes],
            "summary": {"answers": len(outcomes), "passed": passed,
                        "failed": len(outcomes) - passed - missed},
        }
        if stopped:
            document["stopped"] = stopped
            document["summary"]["not_run"] = missed
        json.dump(document, self.stream, indent=2)
        self.stream.write("\n")
        self.stream.flush()


REPORTS = {"text": TextReport, "json": JsonReport}


def report_all(finished: Iterable[tuple[int, AnswerOutcome] | None], paths: list[str], report,
               running: Callable[[], list[str]] = list,
               arrived: Callable[[], list[tuple[int, AnswerOutcome]]] = list
               ) -> tuple[list[AnswerOutcome], BaseException | None]:
    """
    Show each ``(index, outcome)`` as it finishes (a None is a moment with no
    news: the progress line is redrawn), then all of them in index order,
    which is the order of ``paths``.  Returns them in that order, and what
    stopped the run (None if nothing did).

    Stopped midway (an interrupt, the fork server's death) it still writes
    the whole report: what finished, with ``arrived()`` (outcomes already
    received), and every other answer "not run" with the reason.
    """
    report.start()
    done: dict[int, AnswerOutcome] = {}
    stop: BaseException | None = None
    try:
        for item in finished:
            if item is not None:
                index, outcome = item
                done[index] = outcome
                report.add(outcome)
            report.waiting(len(done), len(paths), running())
    except (KeyboardInterrupt, ServerStopped) as error:
        stop = error
        for index, outcome in [*arrived(), *((i, not_run(path, reason_of(error)))
                                             for i, path in enumerate(paths))]:
            if index not in done:
                done[index] = outcome
                report.add(outcome)
    outcomes = [done[index] for index in sorted(done)]
    report.finish(outcomes, reason_of(stop) if stop is not None else None)
    return outcomes, stop
