"""
Deliberate history: passages allowed to mention what is gone, and the
probes that check the claim that it is gone.

A passage is history when a ``.. faq-check: history`` comment marks it (the
next element, or the whole section when the comment stands before a title),
or when the sentence itself says so right after the mention ("``mktap`` (no
longer supported)", "Lore was removed in 15.3.0").  Stale-advice matches in
history are not reported; instead the entry's ``gone`` probe runs, and if
the thing came back that is worth saying (HIST001).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from faq_checks.lint.catalogue import Gone
from faq_checks.lint.model import Document, RegionKind

#: Words that, just after a mention and in the same sentence, say it is gone.
_SAYS_GONE = re.compile(
    r"^[^.!?\n]{0,60}?\b(?:no\s+longer\s+(?:supported|exists?|ships?|available|part\s+of)|"
    r"(?:was|were|has\s+been|have\s+been|got)\s+(?:removed|dropped|retired|deleted)|"
    r"(?:is|are)\s+gone|removed\s+in\s+(?:Twisted\s+)?\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """Lines ``first`` to ``last`` (1-based, inclusive) that a history comment covers."""

    first: int
    last: int
    line: int  # the comment's own line

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


def history_spans(document: Document) -> list[Span]:
    spans = []
    for control in document.of_kind(RegionKind.DIRECTIVE):
        if control.attributes.get("action") == "history":
            attributes = control.attributes
            first = int(attributes.get("section_first_line", attributes.get("scope_first_line", control.line)))
            last = int(attributes.get("section_last_line", attributes.get("scope_last_line", control.line)))
            spans.append(Span(first, last, control.line))
    return spans


def says_gone(text: str, end: int) -> bool:
    """Does the sentence go on, right after ``text[:end]``, to say the thing is gone?"""
    return bool(_SAYS_GONE.match(text[end:end + 120]))


@lru_cache(maxsize=None)
def came_back(gone: Gone) -> tuple[str, ...]:
    """What of ``gone`` exists again in this environment (empty: all still gone)."""
    back = []
    if gone.module and _module_exists(gone.module):
        back.append(f"module {gone.module} can be imported")
    if gone.name and _resolves(gone.name):
        back.append(f"{gone.name} resolves")
    if gone.script and _script_exists(gone.script):
        back.append(f"console script {gone.script} is installed")
    return tuple(back)


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except Exception:  # an import that fails for any reason means: not there
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def _script_exists(name: str) -> bool:
    """A console script declared by any installed distribution (not whatever is on PATH)."""
    return bool(metadata.entry_points(group="console_scripts", name=name))
