"""
Proposing fixes while a document is in hand (see :mod:`.fix` for the values).

Each fixer reads the document's Python units and proposes edits for one
kind of finding, keyed by ``(code, line)``: where that finding is, or would
be once the run has judged it (API002 and API003 are judged at the end, when
the document is gone).  A fixer only proposes what is certain: a real
parser found the construct, and the rewrite means the same.  Then every
proposal is checked the one way that cannot be argued with: the document is
rewritten with all of them and lexed again, and the fixes inside a block
that does not compile afterwards are dropped (:func:`verified`).  A fix
never reaches an included file: it edits the ``.rst`` the finding is in.
"""

from __future__ import annotations

from collections.abc import Iterable

from faq_checks.lint.fix import Fix, apply
from faq_checks.lint.fixers_imports import import_fixes
from faq_checks.lint.fixers_returns import return_value_fixes
from faq_checks.lint.fixers_python2 import python2_fixes
from faq_checks.lint.fixers_stale import stale_fixes
from faq_checks.lint.model import Document, Finding

#: ``(code, line)`` -> the fix for the finding of that code on that line.
Proposals = dict[tuple[str, int], Fix]
#: Each reads the document, its findings so far and the settings, and yields ``((code, line), Fix)`` pairs.
FIXERS = (python2_fixes, return_value_fixes, import_fixes, stale_fixes)


def propose(document: Document, findings: list[Finding], settings: dict | None = None) -> Proposals:
    """Every fixer's proposals for the document, less those that would leave a block not compiling."""
    proposals: Proposals = {}
    for fixer in FIXERS:
        for key, fix in fixer(document, findings, settings or {}):
            proposals.setdefault(key, fix)
    return verified(document, proposals) if proposals else proposals


def verified(document: Document, proposals: Proposals) -> Proposals:
    """
    The proposals after which every Python block that compiled still
    compiles and every block they touch compiles: the document is rewritten
    with all of them and lexed again; a block that fails drops the fixes
    that touch it, and the rest are checked again.
    """
    from faq_checks.lint.checks.compiling import Compiled, compiled_units
    from faq_checks.lint.checks.units import python_units
    from faq_checks.lint.document import parse_text
    kept = dict(proposals)
    before = [(compiled.unit.region.start, compiled.unit.region.end, _compiles(compiled))
              for compiled in compiled_units(document)]
    for _ in range(len(proposals) + 1):
        text, _applied = apply(document.source.text, kept.values())
        after = [_compiles(Compiled(unit)) for unit in python_units(parse_text(document.path, text))]
        if len(after) != len(before):
            return {}
        touched = [(start, end) for (start, end, compiled), fine in zip(before, after)
                   if not fine and (compiled or _touches(kept.values(), start, end))]
        if not touched:
            return kept
        kept = {key: fix for key, fix in kept.items()
                if not any(_touches([fix], start, end) for start, end in touched)}
        if not kept:
            return kept
    return {}


def _touches(fixes: Iterable[Fix], start: int, end: int) -> bool:
    return any(start <= e.start <= end for fix in fixes for e in fix.edits)


def _compiles(compiled) -> bool:
    return compiled.tree is not None and not compiled.python2


def attach(findings: Iterable[Finding], proposals: Proposals) -> list[Finding]:
    """The findings, each with its fix where one was proposed for its code and line."""
    from dataclasses import replace
    return [replace(f, fix=proposals[(f.code, f.line)]) if (f.code, f.line) in proposals else f
            for f in findings]

