"""
What running an answer produced, as plain values.

The fork server builds these, the pytest plugin and ``faq-check run`` read
them; they cross the process boundary as JSON, so they hold nothing else.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

PASSED, FAILED, NOT_RUN = "passed", "failed", "not_run"
#: Answer statuses, from best to worst.
ANSWER_STATUSES = ("passed", "failed", "timeout", "crashed", "error")


@dataclass
class ExampleOutcome:
    index: int
    line: int
    status: str = NOT_RUN
    message: str = ""
    seconds: float = 0.0


@dataclass
class Failure:
    line: int
    message: str


@dataclass
class AnswerOutcome:
    path: str
    title: str = ""
    status: str = "error"
    examples: list[ExampleOutcome] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    #: The answer's field list (``:status:``, ``:changed-in:``...), for people;
    #: not part of the JSON report, whose shape is fixed.
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def stale_since(self) -> str:
        """The Twisted releases in which the old answer stopped being true."""
        found = set(re.findall(r"\b\d+\.\d+\.\d+\b", self.fields.get("changed-in", "")))
        return ", ".join(sorted(found, key=lambda v: tuple(int(part) for part in v.split("."))))

    def count(self, status: str) -> int:
        return sum(1 for example in self.examples if example.status == status)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "status": self.status,
            "examples": {
                "total": len(self.examples),
                "passed": self.count(PASSED),
                "failed": self.count(FAILED),
                "not_run": self.count(NOT_RUN),
            },
            "seconds": round(self.seconds, 3),
            "failures": [asdict(failure) for failure in self.failures],
        }

    def to_wire(self) -> dict:
        """Everything, for the trip from the fork server to its client."""
        return asdict(self)

    @classmethod
    def from_wire(cls, data: dict) -> "AnswerOutcome":
        return cls(
            path=data["path"],
            title=data["title"],
            status=data["status"],
            examples=[ExampleOutcome(**example) for example in data["examples"]],
            seconds=data["seconds"],
            failures=[Failure(**failure) for failure in data["failures"]],
            fields=data.get("fields", {}),
        )
