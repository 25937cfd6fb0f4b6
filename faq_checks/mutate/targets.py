"""
The blocks of an answer whose mutants are worth running.

A reader relies on what they can see and copy: visible Python samples
(``code-block:: python`` and friends), ``console`` sessions, and literal
files that the answer captures with ``.. -> name`` and then uses.  Invisible
blocks are the proofs themselves and are never mutated.

``.. faq-check: no-mutate REASON`` right before a block leaves it alone; the
reason is required, since a block that is never mutated is a claim nobody
checks, and the reader of the source should see why.
``.. faq-check: no-mutate change-number, delete-statement: REASON`` leaves
only those operators out (an equivalent mutant: a delay that only paces a
demonstration), so the rest of the block is still mutated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faq_checks.lint.document import parse_text
from faq_checks.lint.model import Region, RegionKind

_VISIBLE_PYTHON = ("code-block", "code", "sourcecode")
CONSOLE_LANGUAGES = frozenset({"console", "shell-session"})
_CAPTURE = re.compile(r"^[ \t]*\.\.[ \t]+->[ \t]+(?P<name>\w+)[ \t]*$")
NO_MUTATE = "no-mutate"


@dataclass(frozen=True)
class Target:
    """
    One block to mutate.  ``kind`` is ``python``, ``console`` or ``literal``;
    ``line`` is the 1-based document line of the source's first line and
    ``indent`` the columns the document adds in front of every source line.
    """

    kind: str
    line: int
    indent: int
    source: str


@dataclass(frozen=True)
class Excluded:
    """
    A block left alone by ``.. faq-check: no-mutate``, and why; with
    ``operators``, only those operators leave it alone.
    """

    line: int
    reason: str
    operators: frozenset[str] = frozenset()


class ControlError(Exception):
    """A ``no-mutate`` control without its reason; the message names the line."""


def find_targets(path: str, text: str, operators: frozenset[str] = frozenset()
                 ) -> tuple[list[Target], list[Excluded]]:
    """
    The blocks to mutate in document order, and the ones marked no-mutate;
    ``operators`` are the names a control may scope itself to.
    """
    document = parse_text(path, text)
    lines = text.splitlines()
    controls = [r for r in document.of_kind(RegionKind.DIRECTIVE) if r.attributes.get("action") == NO_MUTATE]
    for control in controls:
        scoped, reason = _scope(_reason(control))
        if not reason:
            raise ControlError(f"{path}:{control.line}: '.. faq-check: no-mutate' needs a reason, "
                               "e.g. '.. faq-check: no-mutate the output depends on the network'")
        if scoped - operators:
            raise ControlError(f"{path}:{control.line}: no such mutation operator: {', '.join(sorted(scoped - operators))}"
                               f" (operators: {', '.join(sorted(operators))})")
    targets, excluded = [], []
    for region in document.of_kind(RegionKind.CODE):
        kind = _kind(region, lines)
        if kind is None:
            continue
        marked = [c for c in controls if _covers(c, region)]
        scoped, reason = _scope(_reason(marked[0])) if marked else (frozenset(), "")
        if marked:
            excluded.append(Excluded(region.line, reason, scoped))
        if not marked or scoped:
            targets.append(Target(kind, region.line, int(region.attributes.get("indent", "0")), region.text))
    return targets, excluded


def _covers(control: Region, region: Region) -> bool:
    """A control covers the block that starts inside the element after it."""
    start, end = int(control.attributes["scope_start"]), int(control.attributes["scope_end"])
    return start <= region.start < max(end, start + 1)


def _reason(control: Region) -> str:
    return control.text.split(NO_MUTATE, 1)[1].strip() if NO_MUTATE in control.text else ""


_SCOPED = re.compile(r"^(?P<names>[a-z-]+(?:\s*,\s*[a-z-]+)*):\s*(?P<reason>.*)$")


def _scope(reason: str) -> tuple[frozenset[str], str]:
    """``"change-number, delete-statement: why"`` -> the operator names and the reason."""
    scoped = _SCOPED.match(reason)
    if not scoped:
        return frozenset(), reason
    return frozenset(re.split(r"\s*,\s*", scoped["names"])), scoped["reason"].strip()


def _kind(region: Region, lines: list[str]) -> str | None:
    directive = region.attributes.get("directive", "")
    language = region.attributes.get("language", "")
    if directive in _VISIBLE_PYTHON and language == "python":
        return "python"
    if directive in _VISIBLE_PYTHON and language in CONSOLE_LANGUAGES:
        return "console"
    if directive in ("::", *_VISIBLE_PYTHON) and _captured(region, lines):
        return "literal"
    return None


def _captured(region: Region, lines: list[str]) -> bool:
    """True when the next non-blank line after the block is a ``.. -> name`` capture."""
    last = region.line - 1 + len(region.text.rstrip("\n").splitlines())
    for line in lines[last:]:
        if line.strip():
            return bool(_CAPTURE.match(line))
    return False
