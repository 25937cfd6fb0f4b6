"""
``faq-check rule CODE``: what a lint code checks, from the rule docs.

Every code's page section starts at its ``.. _rule-CODE:`` label in
``docs/rules/*.rst`` (a label may stand for a range: ``rule-PY1xx`` covers
PY101-PY199) and runs to the next rule label.  The docs live beside the
package in a source checkout or an editable install; a wheel installs them
as data files under ``<prefix>/share/faq-checks/rules`` (pyproject's
``[tool.setuptools.data-files]``), so ``pip install faq-checks`` users get
them too.  Where neither is there, the command still prints the code's row
from the rule table.  :func:`doc_uri` gives the same place to SARIF's
``helpUri``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

#: Where the rule pages are: a source checkout first, then a wheel's data files.
DOCS_PLACES = (
    Path(__file__).resolve().parents[2] / "docs" / "rules",
    Path(sysconfig.get_path("data")) / "share" / "faq-checks" / "rules",
)


def _docs() -> Path | None:
    return next((place for place in DOCS_PLACES if place.is_dir()), None)
_LABEL = re.compile(r"^\.\. _rule-(?P<code>[A-Z]+[0-9x]+):\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def _sections() -> dict[str, tuple[Path, str, int, int]]:
    """label code (``PY002``, ``PY1xx``) -> (page, its text, start, end of the section)."""
    found: dict[str, tuple[Path, str, int, int]] = {}
    docs = _docs()
    for page in sorted(docs.glob("*.rst")) if docs else []:
        text = page.read_text(encoding="utf-8")
        labels = list(_LABEL.finditer(text))
        for label, following in zip(labels, labels[1:] + [None]):
            found[label["code"]] = (page, text, label.start(), following.start() if following else len(text))
    return found


def _section(code: str) -> tuple[Path, str, str] | None:
    """(page, label, section text) documenting ``code``."""
    for label, (page, text, start, end) in _sections().items():
        if re.fullmatch(label.replace("x", "[0-9]"), code):
            return page, f"rule-{label}", text[start:end].rstrip() + "\n"
    return None


def doc_uri(code: str) -> str | None:
    """An absolute URI of the code's documentation (its section of the page), if the docs are here."""
    found = _section(code)
    return f"{found[0].as_uri()}#{found[1].lower()}" if found else None


def describe(code: str) -> str | None:
    """The text ``faq-check rule CODE`` prints, or None for a code no rule has."""
    from faq_checks.lint.catalogue import all_rules  # late: loads the catalogue
    rule = {r.code: r for r in all_rules()}.get(code)
    if rule is None:
        return None
    head = f"{rule.code} ({rule.family}, {rule.severity.value}): {rule.title}\n"
    found = _section(code)
    if found is None:
        return head + "\nThe rule docs (docs/rules/ in the faq-checks source) are not installed here.\n"
    return head + f"\n{found[0]}:\n\n{found[2]}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="faq-check rule", description="Print what a lint code checks, "
                                     "why, an example and what to write instead.")
    parser.add_argument("code", metavar="CODE", help="a code such as PY002 or STL010")
    try:
        options = parser.parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 2
    code = options.code.upper()
    text = describe(code)
    if text is None:
        from faq_checks.lint.catalogue import all_rules
        close = difflib.get_close_matches(code, [r.code for r in all_rules()], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        print(f"faq-check rule: no rule has the code {options.code!r}{hint}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
