"""
What silences a finding, and which silencers silence nothing (CTL002).

``.. faq-check: ignore CODE[,CODE]`` silences named codes on the next
element: a finding is silenced when its code is named and its line falls
inside the element that follows the comment (see
:mod:`faq_checks.lint.lexers.controls`).  In a code block, ``# noqa`` on a
line silences every finding on that line and ``# noqa: CODE[,CODE]`` the
named codes (or prefixes), whatever the family: a sample's author already
decided.  flake8's own codes count too: ``# noqa: F401`` (pyflakes, F)
silences our pyflakes findings (PY1xx) on that line.

A silencer that silences nothing is stale in its own way: the finding it
was written for is gone, and it would hide the next one.  Those are CTL002,
for ``.. faq-check: ignore`` and for ``# noqa`` that names our codes (a bare
``# noqa``, or one naming flake8's codes, is another tool's business).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faq_checks.lint.checks.units import is_python
from faq_checks.lint.codes import severity
from faq_checks.lint.model import Document, Finding, Region, RegionKind

NOQA = re.compile(r"#\s*noqa(?::[ \t]*(?P<codes>[A-Za-z]+[0-9]*(?:[ \t]*,[ \t]*[A-Za-z]+[0-9]*)*))?", re.IGNORECASE)
#: Codes only reported when a setting turns their check on: an ignore of
#: them is not "unused" in a run that did not look.
CONDITIONAL = {"LNK": "links"}
#: Another tool's code prefix -> ours for the same findings.
FOREIGN = {"F": "PY1"}


@dataclass(frozen=True)
class Silencer:
    """One ``ignore`` comment or ``# noqa``: the codes it names (none: all) over lines first..last."""

    line: int
    column: int
    codes: tuple[str, ...]
    first: int
    last: int
    kind: str  # "ignore" or "noqa"
    written: tuple[str, ...] = ()  # the codes as written, when a foreign code was translated

    def covers(self, finding: Finding) -> bool:
        named = not self.codes or any(finding.code.startswith(code) for code in self.codes)
        return named and self.first <= finding.line <= self.last


def ignores(document: Document) -> list[Region]:
    return [r for r in document.of_kind(RegionKind.DIRECTIVE) if r.attributes.get("action") == "ignore"]


def silencers(document: Document) -> list[Silencer]:
    """Every ignore comment and every ``# noqa`` in the document's own code blocks."""
    found = []
    for control in ignores(document):
        codes = tuple(code for code in control.attributes.get("codes", "").split(",") if code)
        if codes:  # an ignore without codes is CTL001, and silences nothing
            found.append(Silencer(control.line, control.column, codes, int(control.attributes["scope_first_line"]),
                                  int(control.attributes["scope_last_line"]), "ignore"))
    for block in document.of_kind(RegionKind.CODE):
        if not is_python(block) or block.attributes.get("directive") == "literalinclude":
            continue  # a # noqa in a shell or rst sample is text; an included file's lines are its own
        for offset, text in enumerate(block.text.split("\n")):
            match = NOQA.search(text)
            if match:
                written = tuple(c.strip().upper() for c in (match["codes"] or "").split(",") if c.strip())
                line = block.line + offset
                found.append(Silencer(line, match.start() + 1, _translated(written), line, line, "noqa", written))
    return found


def _translated(codes: tuple[str, ...]) -> tuple[str, ...]:
    """flake8's F401 becomes PY1 (every pyflakes finding of ours); our own codes stay."""
    from faq_checks.lint.config_values import unknown_codes
    result = []
    for code in codes:
        foreign = next((ours for prefix, ours in FOREIGN.items() if code.startswith(prefix) and code[len(prefix):].isdigit()), None)
        result.append(foreign if foreign and unknown_codes([code]) else code)
    return tuple(result)


def silenced(document: Document, finding: Finding) -> bool:
    return finding.path == document.path and any(s.covers(finding) for s in silencers(document))


def apply(document: Document, findings: list[Finding], settings: dict, report_unused: bool) -> list[Finding]:
    """The findings no silencer covers, plus CTL002 for each silencer (of ours) that covered none."""
    return apply_to(document.path, silencers(document), findings, settings, report_unused)


def apply_to(path: str, active: list[Silencer], findings: list[Finding], settings: dict,
             report_unused: bool) -> list[Finding]:
    """:func:`apply` from what is kept of a document once it is checked: its path and its silencers."""
    kept, used = [], set()
    for finding in findings:
        covering = [s for s in active if finding.path == path and s.covers(finding)]
        used.update(covering)
        if not covering:
            kept.append(finding)
    if report_unused:
        kept += [_unused(path, s) for s in active if s not in used and _ours(s, settings)]
    return kept


def _ours(silencer: Silencer, settings: dict) -> bool:
    from faq_checks.lint.config_values import unknown_codes
    if not silencer.codes or unknown_codes(silencer.written or silencer.codes):
        return False  # a bare noqa, or flake8's codes: not ours to judge (an ignore's bad codes are CTL001)
    return not any(code.startswith(prefix) and not settings.get(setting)
                   for code in silencer.codes for prefix, setting in CONDITIONAL.items())


def _unused(path: str, silencer: Silencer) -> Finding:
    what = ".. faq-check: ignore" if silencer.kind == "ignore" else "# noqa"
    message = (f"{what} {', '.join(silencer.codes)} silences nothing here: the finding is gone, "
               f"so remove the comment (it would hide the next one)")
    return Finding(path, silencer.line, silencer.column, "CTL002", severity("CTL002"), message)
