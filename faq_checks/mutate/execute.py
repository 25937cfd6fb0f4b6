"""
Running mutants through the fork server, within a budget.

Each answer first runs unmutated: a mutant of an answer that already fails
proves nothing, and the unmutated run's time bounds each mutant's timeout
(a mutant that hangs is killed, but should not cost the answer's whole
timeout).  Mutants are written to a temporary folder as whole documents and
submitted a window at a time, so that once the budget is spent nothing more
is started and the rest are reported as not run.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from faq_checks.mutate.mutants import Mutant, Plan
from faq_checks.run.client import Runner, answer_timeout
from faq_checks.run.outcome import AnswerOutcome

KILLED, SURVIVED, NOT_RUN = "killed", "survived", "not_run"
#: A mutant may take this many times the unmutated run, plus the slack, before it counts as hung.
TIMEOUT_FACTOR, TIMEOUT_SLACK = 3.0, 10.0


@dataclass
class MutantResult:
    mutant: Mutant
    status: str = NOT_RUN
    #: How a killed mutant failed: the runner's status (failed, timeout, crashed).
    how: str = ""


@dataclass
class AnswerResult:
    plan: Plan
    baseline: AnswerOutcome | None = None
    results: list[MutantResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def score(self) -> float | None:
        """Killed over run; None when nothing ran."""
        ran = self.count(KILLED) + self.count(SURVIVED)
        return self.count(KILLED) / ran if ran else None


def mutant_timeout(path: str, baseline: AnswerOutcome, default: float) -> float:
    return min(answer_timeout(path, default), max(TIMEOUT_SLACK, TIMEOUT_FACTOR * baseline.seconds + TIMEOUT_SLACK))


def execute(plans: list[Plan], jobs: int, default_timeout: float, budget: float,
            finished: Callable[[AnswerResult], object] = lambda answer: None) -> list[AnswerResult]:
    """
    Run the baselines, then as many mutants as the budget allows; results in
    plan order.  ``finished`` is called with each answer once its last mutant
    is judged (or its baseline, if it has none to run), so that a run of ten
    minutes shows its progress instead of staying silent.
    """
    deadline = time.monotonic() + budget
    answers = [AnswerResult(plan) for plan in plans]
    with Runner(jobs=jobs, timeout=default_timeout) as runner, \
            tempfile.TemporaryDirectory(prefix="faq-mutate-") as folder:
        for answer, outcome in zip(answers, runner.run([plan.path for plan in plans])):
            answer.baseline = outcome
            answer.results = [MutantResult(m) for m in answer.plan.mutants] if outcome.status == "passed" else []
        pending = {id(answer): len(answer.results) for answer in answers}
        for answer in answers:
            if not answer.results:
                finished(answer)
        queue = deque((answer, result) for answer in answers for result in answer.results)
        # Ticket -> (answer, result, mutant file); taken as each finishes, so
        # that a mutant that hangs until its timeout holds up only one worker.
        in_flight: dict[int, tuple[AnswerResult, MutantResult, str]] = {}
        while queue or in_flight:
            while queue and len(in_flight) < 2 * jobs and time.monotonic() < deadline:
                answer, result = queue.popleft()
                path = _write(folder, result.mutant)
                timeout = mutant_timeout(answer.plan.path, answer.baseline, default_timeout)
                in_flight[runner.submit(path, timeout=timeout, stop_at_failure=True)] = (answer, result, path)
            if not in_flight:
                break  # the budget is spent: what is still queued stays not run
            ticket, outcome = runner.first_finished(in_flight)
            answer, result, path = in_flight.pop(ticket)
            result.status = SURVIVED if outcome.status == "passed" else KILLED
            result.how = "" if outcome.status == "passed" else outcome.status
            os.unlink(path)
            pending[id(answer)] -= 1
            if not pending[id(answer)]:
                finished(answer)
    return answers


def _write(folder: str, mutant: Mutant) -> str:
    stem = os.path.splitext(os.path.basename(mutant.path))[0]
    path = os.path.join(folder, f"{stem}.mutant-{mutant.number}.rst")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(mutant.text)
    return path
