"""
Reading the answer's own text from its proofs: the visible block above
(the very code the reader copies), the prose outside the code (so a proof
can tie a sentence to the fact it checks), and the addresses it gives.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import os
import re

_HERE = os.path.dirname(os.path.abspath(__file__))


def block_before(count: int = 1) -> str:
    """
    The source of the last visible Python block above the calling example
    (the last ``count`` of them, joined, for a program shown in parts): the
    very text the reader copies, for a proof that writes it to a file (a
    ``conf.py``, a module) and runs it.
    """
    from faq_checks.lint.document import parse_text
    from faq_checks.lint.model import RegionKind

    frame = _caller()
    path, line = frame.f_code.co_filename, frame.f_lineno
    with open(path, encoding="utf-8") as source:
        regions = parse_text(path, source.read()).of_kind(RegionKind.CODE)
    visible = [r for r in regions if r.attributes.get("directive") in ("code-block", "code", "sourcecode")
               and r.attributes.get("language") == "python" and r.line < line]
    assert len(visible) >= count, f"{path}:{line}: fewer than {count} visible Python blocks above"
    return "".join(region.text for region in visible[-count:])


_URL = re.compile(r"https?://[^\s<>`'\")]+")
_CODE_START = (".. code-block:: python", ".. invisible-code-block:")


def _caller():
    """The frame of the answer's example that called into this package."""
    frame = inspect.currentframe()
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _HERE:
        frame = frame.f_back
    return frame


def answer_path() -> str:
    """The answer being run: the file of the example that called into this module."""
    frame = _caller()
    return frame.f_code.co_filename if frame is not None else ""


def prose(path: str | None = None) -> str:
    """The answer's text outside its Python blocks: what the reader reads as claims."""
    kept, in_code = [], False
    with open(path or answer_path(), encoding="utf-8") as source:
        for line in source.read().splitlines():
            if line.startswith(_CODE_START):
                in_code = True
            elif in_code and line and not line[0].isspace():
                in_code = False
            if not in_code:
                kept.append(line)
    return "\n".join(kept)


def prose_urls(path: str | None = None) -> set[str]:
    """Every URL in the answer's prose, without trailing punctuation."""
    return {url.rstrip(".,;:") for url in _URL.findall(prose(path or answer_path()))}


def says(pattern: str, path: str | None = None) -> re.Match:
    """
    The match of ``pattern`` in the answer's prose (whitespace in the
    pattern matches any run of whitespace, line breaks included); an
    AssertionError when the prose no longer says it, so a proof can tie the
    sentence it proves to the fact it checks.
    """
    flexible = re.sub(r"\\? ", r"\\s+", pattern)
    found = re.search(flexible, prose(path or answer_path()))
    assert found, f"the answer no longer says {pattern!r}"
    return found


_DOCS_PAGE = re.compile(r"^https://docs\.twisted\.org/en/(?:stable|latest)/(?P<page>[\w/.-]+?)\.html(?:#[\w-]*)?$")


def twisted_urls() -> set[str]:
    """Every address the installed Twisted gives: its Project-URL entries and its README's links."""
    metadata = importlib.metadata.metadata("twisted")
    declared = {entry.split(", ", 1)[1] for entry in metadata.get_all("Project-URL") or ()}
    readme = {url.rstrip(".,;:") for url in _URL.findall(metadata["Description"] or "")}
    return declared | readme


def unproven_urls(path: str | None = None) -> set[str]:
    """
    The answer's prose URLs that the installed Twisted neither gives (see
    :func:`twisted_urls`) nor documents (a ``docs.twisted.org`` page that its
    release's documentation has).  A misspelt deep link lands here; a proof
    lists the few external addresses it cannot check offline and asserts
    that nothing else does.
    """
    from faq_checks.lint.docspages import installed_pages

    pages = installed_pages({})
    known = twisted_urls()
    unproven = set()
    for url in prose_urls(path or answer_path()):
        page = _DOCS_PAGE.match(url)
        if url in known or (page and pages and page["page"] in pages.pages):
            continue
        unproven.add(url)
    return unproven
