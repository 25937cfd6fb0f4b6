"""REF004: links to Twisted's documentation, checked offline against a release's pages."""

from __future__ import annotations

import pytest

from faq_checks.lint.checks.docslinks import check_docs_links, docs_page
from faq_checks.lint.docspages import installed_pages, release_pages
from faq_checks.lint.engine import lint_text


def found(url: str, settings: dict | None = None) -> list[tuple[str, int, int]]:
    text = f"T\n=\n\nSee `the page <{url}>`_.\n"
    return [(f.code, f.line, f.column) for f in lint_text(text, settings=settings, checks=[check_docs_links])]


@pytest.mark.parametrize("url, expected", [
    ("https://docs.twisted.org/en/stable/core/howto/servers.html", ("stable", "core/howto/servers")),
    ("https://docs.twisted.org/en/24.7.0/web/howto/client.html#x", ("24.7.0", "web/howto/client")),
    ("http://twistedmatrix.com/documents/current/core/howto/defer.html", ("current", "core/howto/defer")),
    ("https://twisted.org/documents/current/core/howto/", ("current", "core/howto/index")),
    ("http://twistedmatrix.com/projects/core/documentation/howto/clients.html", ("current", "core/howto/clients")),
    ("https://twisted.readthedocs.io/en/latest/index.html", ("latest", "index")),
    ("https://docs.twisted.org/en/stable/api/twisted.internet.defer.html", None),
    ("https://docs.twisted.org/en/stable/core/howto/listings/echo.py", None),
    ("https://github.com/twisted/twisted/blob/trunk/docs/core/howto/servers.rst", None),
])
def test_docs_urls_map_to_pages(url, expected):
    assert docs_page(url) == expected


def test_an_existing_page_is_fine_and_a_missing_one_is_ref004():
    assert found("https://docs.twisted.org/en/stable/core/howto/servers.html") == []
    assert found("http://twistedmatrix.com/documents/current/core/howto/servers.html") == []
    assert found("https://docs.twisted.org/en/stable/lore/howto/index.html") == [("REF004", 4, 16)]


def test_the_message_suggests_a_close_page_in_the_same_section():
    text = "T\n=\n\nSee https://docs.twisted.org/en/stable/core/howto/server.html now.\n"
    (finding,) = lint_text(text, checks=[check_docs_links])
    assert "'core/howto/servers'" in finding.message


def test_a_release_without_a_page_list_is_not_checked():
    assert release_pages("16.0.0") is None
    assert found("https://docs.twisted.org/en/16.0.0/no/such/page.html") == []


def test_the_installed_release_list_is_used_for_stable():
    pages = installed_pages({})
    assert "core/howto/servers" in pages.pages and pages.source.startswith("Twisted ")


def test_a_local_docs_tree_replaces_the_list(tmp_path):
    (tmp_path / "core" / "howto").mkdir(parents=True)
    (tmp_path / "core" / "howto" / "only.rst").write_text("Only\n====\n")
    settings = {"docs_tree": str(tmp_path)}
    assert found("https://docs.twisted.org/en/stable/core/howto/only.html", settings) == []
    assert found("https://docs.twisted.org/en/stable/core/howto/servers.html", settings) == [("REF004", 4, 16)]
