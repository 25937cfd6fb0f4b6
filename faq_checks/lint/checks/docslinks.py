"""
REF004: a link to a Twisted documentation page that the release does not have.

Links to ``docs.twisted.org/en/<version>/``, ``twisted.org/documents/<version>/``,
``twistedmatrix.com/documents/<version>/`` (the old site, whose
``core/howto/X.html`` pages map to the same paths), the older
``twistedmatrix.com/projects/<project>/documentation/`` and
``twisted.readthedocs.io`` are checked offline, against the page list of
that release (see :mod:`faq_checks.lint.docspages`).  ``current``,
``stable`` and ``latest`` mean the installed Twisted.  API pages (``api/``)
and downloadable files are not pages of the prose docs and are skipped;
links to a release with no page list are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from faq_checks.lint.codes import severity
from faq_checks.lint.docspages import Pages, installed_pages, release_pages
from faq_checks.lint.model import Context, Document, Finding, RegionKind
from faq_checks.lint.outside import remembered

ALIASES = ("current", "stable", "latest", "trunk", "dev")
_SITES = (
    re.compile(r"^(?:www\.)?docs\.twisted\.org$|^twisted\.readthedocs\.io$"),
    re.compile(r"^(?:www\.)?twisted\.org$|^(?:www\.)?twistedmatrix\.com$"),
)
_VERSIONED = re.compile(r"^/(?:en/|documents/)(?P<version>[^/]+)/(?P<path>.*)$")
_PROJECTS = re.compile(r"^/projects/(?P<project>\w+)/documentation/(?P<path>.*)$")
_PAGE_SUFFIXES = (".html", ".xhtml", ".htm")
_SKIPPED = ("api/", "_downloads/", "_images/", "_static/", "_sources/")


def check_docs_links(document: Document, context: Context) -> Iterator[Finding]:
    for link in document.of_kind(RegionKind.LINK):
        target = docs_page(link.text)
        if target is None:
            continue
        version, page = target
        pages = _pages(context, version)
        if pages is None or page in pages.pages:
            continue
        yield Finding(document.path, link.line, link.column, "REF004", severity("REF004"),
                      _message(link.text, page, pages))


def docs_page(url: str) -> tuple[str, str] | None:
    """``(version, page)`` for a link into Twisted's prose docs, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(site.match(host) for site in _SITES):
        return None
    versioned, projects = _VERSIONED.match(parts.path), _PROJECTS.match(parts.path)
    if versioned:
        version, path = versioned["version"], versioned["path"]
    elif projects:
        version, path = "current", f"{projects['project']}/{projects['path']}"
    else:
        return None
    page = _page(path)
    return (version, page) if page else None


#: An API reference page of the docs that follow the installed Twisted: ``api/twisted.web.client.Agent.html``
#: (pydoctor; epydoc's ``-class.html`` and ``-module.html`` pages too), a member after ``#``.
_API_PAGE = re.compile(r"^api/(?P<name>twisted(?:\.\w+)*?)(?:-class|-module)?\.html$")


def api_page(url: str) -> str:
    """
    The dotted name a link into the current API reference documents
    (``https://docs.twisted.org/en/stable/api/twisted.web.client.Agent.html#request``
    names ``twisted.web.client.Agent.request``); '' for any other link.  A
    release-pinned link documents that release, whatever became of the name
    since, so only ``current``, ``stable`` and ``latest`` (and the unversioned
    ``twisted.readthedocs.io``/``docs.twisted.org`` root) count.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(site.match(host) for site in _SITES):
        return ""
    versioned = _VERSIONED.match(parts.path)
    if versioned is None or versioned["version"].lower() not in ALIASES:
        return ""
    page = _API_PAGE.match(versioned["path"])
    if page is None:
        return ""
    member = parts.fragment
    return f"{page['name']}.{member}" if re.fullmatch(r"[A-Za-z_]\w*", member) else page["name"]


def _page(path: str) -> str | None:
    if path.startswith(_SKIPPED):
        return None
    if path == "" or path.endswith("/"):
        return path + "index"
    for suffix in _PAGE_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return None if "." in path.rsplit("/", 1)[-1] else path


def _pages(context: Context, version: str) -> Pages | None:
    def choose() -> Pages | None:
        return installed_pages(context.settings) if version.lower() in ALIASES else release_pages(version)

    return remembered(context.memo, ("docs-pages", version), choose)


def _message(url: str, page: str, pages: Pages) -> str:
    section = page.split("/", 1)[0] + "/"
    import difflib  # late: only a broken link needs a suggestion

    close = difflib.get_close_matches(page, sorted(p for p in pages.pages if p.startswith(section)), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else "; link a page that exists (https://docs.twisted.org/)"
    return f"{pages.source}'s documentation has no page {page!r}{pages.note}{hint}"
