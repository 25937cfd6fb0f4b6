"""
What a worker's end means: its answer's outcome, from what the worker
reported (:class:`faq_checks.run.supervision.Job` keeps it) and how it
ended.  Whatever it did not report is explained from the outside: a timeout
(with the stack faulthandler dumped), a death by signal, an exit with no
report.  The example that was running gets the blame and the rest are "not run".
"""

from __future__ import annotations

import os
import re

from faq_checks.run import messages
from faq_checks.run.outcome import FAILED, NOT_RUN, AnswerOutcome, Failure


def outcome_of(job, status: int, escaped: list[str]) -> AnswerOutcome:
    """The answer's outcome from what ``job``'s worker reported, its exit ``status`` and what escaped it."""
    outcome = AnswerOutcome(job.request["path"], job.title, examples=job.examples,
                            fields=job.fields)
    if job.error is not None:
        outcome.status = "error"
        line = int(m.group(1)) if (m := re.search(r":(\d+):", job.error)) else 1
        message = job.error.split(": ", 1)[-1].replace(job.absolute_path, job.request["path"])
        outcome.failures.append(Failure(line, message))
        return outcome
    # With stop_at_failure (faq-check mutate) the worker stops after the
    # first failure on purpose: the examples after it are not run, not lost.
    stopped = job.request.get("stop_at_failure") and any(e.status == FAILED for e in job.examples)
    finished = (job.malformed is None and job.leftovers is not None
                and (stopped or all(example.status != NOT_RUN for example in job.examples))
                and os.WIFEXITED(status) and os.waitstatus_to_exitcode(status) == 0)
    if finished:
        outcome.status = "passed"
        if job.leftovers:
            outcome.failures.append(Failure(job.last_line(), messages.leftovers(job.leftovers)))
    else:
        stack = messages.tail(job.crash_path)  # faulthandler's dump, if it wrote one
        if job.malformed is not None:
            outcome.status = "crashed"
            reason = messages.untrusted(job.malformed)
        elif job.dumped:
            outcome.status = "timeout"
            reason = messages.timed_out(job.timeout)
        else:
            outcome.status = "crashed"
            reason = messages.death(status)
        _blame(job, outcome, reason + (f"\n{stack}" if stack.strip() else ""), _stack_line(job, stack))
    if escaped:
        outcome.failures.append(Failure(job.last_line(), messages.escaped(escaped)))
    for example in job.examples:
        if example.status == FAILED:
            outcome.failures.append(Failure(example.line, example.message))
    outcome.failures.sort(key=lambda failure: failure.line)
    if outcome.status == "passed" and outcome.failures:
        outcome.status = "failed"
    return outcome

def _blame(job, outcome: AnswerOutcome, reason: str, line: int | None) -> None:
    """Fail the example that was running with ``reason``; the rest stay not run."""
    index = job.running
    if index is None:
        index = next((e.index for e in job.examples if e.status == NOT_RUN), None)
    if index is None:
        outcome.failures.append(Failure(job.last_line(), reason))
        return
    example = job.examples[index]
    example.status = FAILED
    if line:
        example.line = line
    example.message = reason + job.output_since(index)


def _stack_line(job, text: str) -> int | None:
    """The innermost line of the answer in faulthandler's dump, if any."""
    pattern = re.compile(r'File "' + re.escape(job.absolute_path) + r'", line (\d+)')
    match = pattern.search(text)  # faulthandler lists the innermost frame first
    return int(match.group(1)) if match else None
