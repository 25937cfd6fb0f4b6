"""
From an answer's text to its mutants: whole documents, each with one edit
in one block the reader relies on, plus the ``.rst`` line and a diff.

The selection is deterministic: when an answer has more mutants than the
cap, a :class:`random.Random` seeded with the seed and the answer's path
picks which, so two runs with the same seed test the same mutants.
"""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass

from faq_checks.mutate.edits import Edit
from faq_checks.mutate.line_ops import CONSOLE_OPERATORS, TEXT_OPERATORS, is_session, line_edits
from faq_checks.mutate.python_ops import PYTHON_OPERATORS, python_edits
from faq_checks.mutate.targets import Excluded, Target, find_targets


#: What an operator is called in reports and in a scoped ``no-mutate``.
OPERATOR_NAMES = frozenset(op.__name__.replace("_", "-")
                           for op in PYTHON_OPERATORS + CONSOLE_OPERATORS + TEXT_OPERATORS)


@dataclass(frozen=True)
class Mutant:
    path: str
    number: int  # 1-based, in document order among all of the answer's mutants
    kind: str
    operator: str
    description: str
    line: int
    text: str
    diff: str


@dataclass
class Plan:
    """What ``mutate`` will do with one answer."""

    path: str
    mutants: list[Mutant]
    generated: int
    excluded: list[Excluded]


def edits_for(target: Target) -> list[Edit]:
    """The operators that fit the block: Python ones for code, line ones otherwise."""
    if target.kind == "console" or (target.kind == "literal" and is_session(target.source)):
        return line_edits(target.source, CONSOLE_OPERATORS)
    python = python_edits(target.source)
    if python or target.kind == "python":
        return python
    return line_edits(target.source, TEXT_OPERATORS)


class BlockInDocument:
    """Where a target's dedented source sits in the document's text."""

    def __init__(self, text: str, target: Target) -> None:
        self.text, self.target = text, target
        self.doc_lines = text.splitlines(keepends=True)
        self.first = target.line - 1
        self.source_lines = target.source.splitlines(keepends=True)
        self.pad = " " * target.indent

    def fits(self) -> bool:
        """True when every document line is the source line with the indent in front."""
        lines = self.doc_lines[self.first:self.first + len(self.source_lines)]
        return len(lines) == len(self.source_lines) and all(
            doc.rstrip() == (self.pad + src).rstrip() if src.strip() else not doc.strip()
            for doc, src in zip(lines, self.source_lines))

    def replaced(self, mutated_source: str) -> str:
        """The document with the block's lines replaced by the mutated source, re-indented."""
        new = [self.pad + line if line.strip() else line for line in mutated_source.splitlines(keepends=True)]
        if new and not new[-1].endswith("\n"):
            new[-1] += "\n"
        end = self.first + len(self.source_lines)
        return "".join(self.doc_lines[:self.first] + new + self.doc_lines[end:])

    def line_of(self, offset: int) -> int:
        return self.target.line + self.target.source.count("\n", 0, offset)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=path, tofile=f"{path} (mutant)", n=1)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def plan(path: str, text: str, cap: int, seed: int) -> Plan:
    """Every mutant of the answer, then a seeded choice of at most ``cap`` of them."""
    targets, excluded = find_targets(path, text, OPERATOR_NAMES)
    left_out = {e.line: e.operators for e in excluded}
    found: list[Mutant] = []
    for target in targets:
        block = BlockInDocument(text, target)
        if not block.fits():
            continue
        for edit in edits_for(target):
            if edit.operator in left_out.get(target.line, ()):
                continue
            mutated = block.replaced(edit.apply(target.source))
            line = block.line_of(min(start for start, _, _ in edit.spans))
            found.append(Mutant(path, len(found) + 1, target.kind, edit.operator, edit.description, line,
                                mutated, unified_diff(path, text, mutated)))
    chosen = found
    if len(found) > cap:
        chosen = sorted(random.Random(f"{seed}:{path}").sample(found, cap), key=lambda m: m.number)
    return Plan(path, chosen, len(found), excluded)
