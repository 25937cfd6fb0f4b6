"""
REF005: a relative link to a file that is not in the tree.

```Servers <howto/servers.html>`_`` and ``.. _intro: ../intro.html`` are
resolved against the linking document's folder, as a browser resolves them
against the built page.  The link is fine when that file exists, or, for a
built page (``.html``), when its source does (``servers.rst``, ``.txt``,
``.md``): Sphinx writes the page next to where its source stands.  Links
starting with ``/`` (the site's root is not known offline), bare fragments
(``#section``) and documents given as text without a file are not judged,
nor are links into a folder that only the build writes (pydoctor's
``--html-output={outdir}/api``: see :mod:`faq_checks.lint.sphinxconf`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from faq_checks.lint import sphinxconf
from faq_checks.lint.codes import severity
from faq_checks.lint.model import Context, Document, Finding, RegionKind
from faq_checks.lint.outside import outside

BUILT_SUFFIXES = (".html", ".htm", ".xhtml")
SOURCE_SUFFIXES = (".rst", ".rest", ".txt", ".md")


def check_relative_links(document: Document, context: Context) -> Iterator[Finding]:
    if not is_file(document.path):
        return  # a text with no place on disk has no neighbours to check
    folder = os.path.dirname(os.path.abspath(document.path))
    for link in document.of_kind(RegionKind.LINK):
        if link.attributes.get("relative") != "yes":
            continue
        parts = urlsplit(link.text)
        path = unquote(parts.path)
        if parts.scheme or not path or path.startswith("/"):
            continue  # tel:, irc: and the like are not files; the site's root is not known offline
        target = os.path.normpath(os.path.join(folder, path))
        if not _in_tree(target) and not _built_only(document.path, target):
            yield Finding(document.path, link.line, link.column, "REF005", severity("REF005"),
                          _message(link.text, target, folder))


@outside
def _in_tree(target: str) -> bool:
    if os.path.exists(target):
        return True
    stem, suffix = os.path.splitext(target)
    return suffix.lower() in BUILT_SUFFIXES and any(os.path.isfile(stem + s) for s in SOURCE_SUFFIXES)


def _built_only(document: str, target: str) -> bool:
    conf = sphinxconf.conf_for(document)
    return conf is not None and conf.built_only(target)


#: Whether the document itself is a file (standard input is not); asked of the disk, so recorded.
is_file = outside(os.path.isfile)


@outside
def _source_beside(target: str) -> bool:
    return any(os.path.isfile(target + s) for s in SOURCE_SUFFIXES)


def _message(url: str, target: str, folder: str) -> str:
    if "://" in url:
        return (f"the link target {url!r} holds a URL but does not start with its scheme, so it is read as a "
                "relative path, which does not exist: start the target with the URL")
    where = os.path.relpath(target, folder)
    stem, suffix = os.path.splitext(where)
    if not suffix and _source_beside(target):
        return (f"the relative link {url!r} names the source page {where} without a suffix: the built page is "
                f"{where}.html, and {where} does not exist; write :doc:`{where}`")
    source = f" and no source page {stem}.rst" if suffix.lower() in BUILT_SUFFIXES else ""
    return (f"the relative link {url!r} leads to {where}, which is not in the tree (no such file{source}): "
            "link a page that exists (:doc: for a page of this tree, a full URL for another site)")
