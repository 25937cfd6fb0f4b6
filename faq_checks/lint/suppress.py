"""
``.. faq-check: ignore CODE[,CODE]``: silence named codes on the next element.

The comment names what it silences, and only where it stands: a finding is
silenced when its code is named and its line falls inside the element that
follows the comment (see :mod:`faq_checks.lint.lexers.controls`).
"""

from __future__ import annotations

from faq_checks.lint.model import Document, Finding, Region, RegionKind


def ignores(document: Document) -> list[Region]:
    return [r for r in document.of_kind(RegionKind.DIRECTIVE) if r.attributes.get("action") == "ignore"]


def silenced(document: Document, finding: Finding) -> bool:
    if finding.path != document.path:
        return False
    for control in ignores(document):
        codes = control.attributes.get("codes", "").split(",")
        first = int(control.attributes["scope_first_line"])
        last = int(control.attributes["scope_last_line"])
        if finding.code in codes and first <= finding.line <= last:
            return True
    return False
