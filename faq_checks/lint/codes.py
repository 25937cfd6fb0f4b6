"""
Every rule code, in one table.

A code is stable: once published it always means the same thing, and a
retired code is listed in ``RETIRED`` and never reused.  Each row says the
code's family, its default severity and a short title (the rule docs in
``docs/rules/`` say the rest).  Adding a rule is adding a row here.

This module imports nothing of the linter but the model: the catalogue
validates its codes against this table, so the table cannot depend on the
catalogue (``catalogue.all_rules`` joins the two).
"""

from __future__ import annotations

from dataclasses import dataclass

from faq_checks.lint.model import CODE_PATTERN, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    severity: Severity
    title: str


RULES: tuple[Rule, ...] = (
    # samples: Python code blocks
    Rule("PY001", "samples", E, "code block does not compile on Python 3"),
    Rule("PY002", "samples", E, "code block uses Python 2 syntax"),
    Rule("PY003", "samples", E, "literalinclude file cannot be read"),
    Rule("PY101", "samples", W, "undefined name"),
    Rule("PY102", "samples", W, "unused import"),
    Rule("PY103", "samples", W, "unused variable"),
    Rule("PY104", "samples", W, "redefinition of an unused name"),
    Rule("PY105", "samples", W, "star import hides names"),
    Rule("PY106", "samples", W, "local name used before assignment, or bad __all__"),
    Rule("PY107", "samples", W, "broken format string"),
    Rule("PY108", "samples", W, "comparison or assertion that is always the same"),
    Rule("PY109", "samples", W, "duplicate argument or key"),
    Rule("PY199", "samples", W, "other pyflakes finding"),
    # APIs: dotted Twisted names
    Rule("API001", "apis", E, "Twisted name does not resolve"),
    Rule("API002", "apis", W, "Twisted name is deprecated"),
    Rule("API003", "apis", E, "Twisted name was removed"),
    # controls: the in-document comments themselves
    Rule("CTL001", "controls", W, "faq-check comment not understood"),
    Rule("CTL002", "controls", W, "suppression (ignore comment or # noqa) that silences nothing"),
    # references: labels, documents, positions, Twisted docs links
    Rule("REF001", "references", E, ":ref: target is not a label in the tree"),
    Rule("REF002", "references", E, ":doc: target is not a document in the tree"),
    Rule("REF003", "references", W, "positional reference (\"see previous question\")"),
    Rule("REF004", "references", E, "link to a Twisted docs page that release does not have"),
    Rule("REF005", "references", E, "relative link to a file that is not in the tree"),
    Rule("REF006", "references", E, "include, image, figure or literalinclude file is not there"),
    # links: external links, only with --links
    Rule("LNK001", "links", E, "external link is broken (HTTP 4xx/5xx)"),
    Rule("LNK002", "links", E, "external link redirects in a loop or too many times"),
    Rule("LNK003", "links", W, "external link timed out or could not connect"),
    # history: passages marked as deliberate history
    Rule("HIST001", "history", E, "a passage marked as history says something is gone, but it is back"),
)

#: Codes that once existed and must never be given a new meaning.
RETIRED: frozenset[str] = frozenset()

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule(code: str) -> Rule:
    return BY_CODE[code]


def severity(code: str) -> Severity:
    return BY_CODE[code].severity


def validate(rules: tuple[Rule, ...] = RULES) -> list[str]:
    """Problems with the table itself; the test suite asserts there are none."""
    problems = []
    seen: set[str] = set()
    for row in rules:
        if not CODE_PATTERN.match(row.code):
            problems.append(f"{row.code}: does not match {CODE_PATTERN.pattern}")
        if row.code in seen:
            problems.append(f"{row.code}: listed twice")
        if row.code in RETIRED:
            problems.append(f"{row.code}: retired, never reuse it")
        seen.add(row.code)
    return problems
