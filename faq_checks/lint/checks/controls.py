"""
CTL001: a ``.. faq-check:`` comment the linter does not understand.

A misspelt control silences nothing and marks nothing, silently; so the
control comments are checked like everything else.
"""

from __future__ import annotations

from collections.abc import Iterator

from faq_checks.lint.codes import severity
from faq_checks.lint.model import CODE_PATTERN, Context, Document, Finding, RegionKind

ACTIONS = ("ignore", "history", "no-mutate")


def check_controls(document: Document, context: Context) -> Iterator[Finding]:
    for control in document.of_kind(RegionKind.DIRECTIVE):
        problem = _problem(control.attributes.get("action", ""), control.attributes.get("codes", ""))
        if problem:
            yield Finding(document.path, control.line, control.column, "CTL001", severity("CTL001"), problem)


def _problem(action: str, codes: str) -> str:
    if action not in ACTIONS:
        return (f"unknown faq-check action {action!r}: write '.. faq-check: ignore CODE', "
                "'.. faq-check: history' or '.. faq-check: no-mutate REASON'")
    if action == "no-mutate":  # the words after it are a reason for people, not codes
        return "" if codes else "'.. faq-check: no-mutate' needs a reason: why the block's mutants may survive"
    names = [code for code in codes.split(",") if code]
    if action == "ignore" and not names:
        return "'.. faq-check: ignore' needs the code(s) it silences, e.g. '.. faq-check: ignore PY101'"
    bad = [code for code in names if not CODE_PATTERN.match(code)]
    if bad:
        return f"not a rule code: {', '.join(bad)}; codes look like PY101 (see docs/rules/index.rst)"
    return ""
