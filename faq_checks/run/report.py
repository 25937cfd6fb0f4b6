"""How ``faq-check run`` shows outcomes: a table for people, one JSON object for machines."""

from __future__ import annotations

import json
import platform
from collections.abc import Iterable
from typing import TextIO

import twisted

from faq_checks.run.outcome import AnswerOutcome


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
    """One row per answer as it finishes, then the failures with their lines."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.outcomes: list[AnswerOutcome] = []

    def start(self) -> None:
        self.stream.write(f"{'status':<8} {'examples':>8} {'seconds':>8}  answer  [old answer: stale since]\n")

    def add(self, outcome: AnswerOutcome) -> None:
        self.outcomes.append(outcome)
        self.stream.write(f"{outcome.status:<8} {_counts(outcome):>8} {outcome.seconds:>8.2f}  "
                          f"{outcome.path}{_history(outcome)}\n")
        self.stream.flush()

    def finish(self) -> None:
        for outcome in self.outcomes:
            for failure in outcome.failures:
                self.stream.write(f"\n{outcome.path}:{failure.line}: {failure.message.rstrip()}\n")
        passed = sum(1 for o in self.outcomes if o.status == "passed")
        self.stream.write(f"\n{passed} of {len(self.outcomes)} answers passed "
                          f"(Twisted {twisted.__version__}, Python {platform.python_version()})\n")


class JsonReport:
    """Exactly one JSON object, written when every answer is done."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.outcomes: list[AnswerOutcome] = []

    def start(self) -> None:
        pass

    def add(self, outcome: AnswerOutcome) -> None:
        self.outcomes.append(outcome)

    def finish(self) -> None:
        passed = sum(1 for o in self.outcomes if o.status == "passed")
        document = {
            "twisted": twisted.__version__,
            "python": platform.python_version(),
            "answers": [outcome.to_json() for outcome in self.outcomes],
            "summary": {"answers": len(self.outcomes), "passed": passed,
                        "failed": len(self.outcomes) - passed},
        }
        json.dump(document, self.stream, indent=2)
        self.stream.write("\n")


REPORTS = {"text": TextReport, "json": JsonReport}


def report_all(outcomes: Iterable[AnswerOutcome], report) -> bool:
    report.start()
    ok = True
    for outcome in outcomes:
        report.add(outcome)
        ok = ok and outcome.status == "passed"
    report.finish()
    return ok
