"""
REF006: a file the page shows is not there.

``.. include:: intro.rst``, ``.. image:: diagram.png``, ``.. figure::`` and
a ``literalinclude`` of anything but Python (a missing Python listing is
PY003, since its samples cannot be checked either) name a file relative to
the document's folder, or from the Sphinx root when they start with ``/``.
When nothing is there the built page shows an error box or a broken image,
and a build without ``-W`` only logs a warning.  Sphinx's ``image.*`` (any
format) is satisfied by any file with that stem.

Sphinx resolves an image inside an included fragment against the including
page; a fragment is checked against its own folder, as docutils does.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator

from faq_checks.lint.checks.relativelinks import is_file
from faq_checks.lint.codes import severity
from faq_checks.lint.lexers.include import resolve
from faq_checks.lint.model import Context, Document, Finding, RegionKind
from faq_checks.lint.outside import outside


def check_shown_files(document: Document, context: Context) -> Iterator[Finding]:
    if not is_file(document.path):
        return  # a text with no place on disk has no neighbours to check
    for region in document.of_kind(RegionKind.FILE):
        target = resolve(document.path, region.text)
        if not _there(target):
            yield _finding(document, region, region.attributes["directive"], region.text, target)
    for region in document.of_kind(RegionKind.CODE):
        missing = region.attributes.get("missing")
        if missing and region.attributes.get("language") != "python":
            target = region.attributes["include"]
            yield _finding(document, region, "literalinclude", _relative(document, target), target, missing)


@outside
def _there(target: str) -> bool:
    if os.path.splitext(target)[1] == ".*":
        return any(os.path.isfile(path) for path in glob.glob(glob.escape(target[:-2]) + ".*"))
    return os.path.isfile(target)


def _finding(document: Document, region, directive: str, argument: str, target: str,
             reason: str = "") -> Finding:
    where = _relative(document, target)
    named = argument if where == argument.lstrip("/") else f"{argument} ({where})"
    if not reason:
        reason = "no file of that name in any format" if where.endswith(".*") else "no such file"
    shown = _SHOWN.get(directive, "the listing")
    return Finding(document.path, region.line, region.column, "REF006", severity("REF006"),
                   f"{directive} of {named}: it cannot be read ({reason}), so {shown} is missing from the page: "
                   "fix the path (relative to this document, or starting with / for the Sphinx root) "
                   "or restore the file")


def _relative(document: Document, target: str) -> str:
    return os.path.relpath(target, os.path.dirname(os.path.abspath(document.path)))


_SHOWN = {"include": "the included text", "image": "the image", "figure": "the figure"}
