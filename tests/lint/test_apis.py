"""API checks: Twisted names resolve, deprecations name their release, removals their replacement."""

from __future__ import annotations

import sys

import pytest

from faq_checks.lint.checks.apis import check_apis
from faq_checks.lint.engine import lint_text


def found(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, checks=[check_apis])]


def code(source: str) -> str:
    """A document whose Python source starts on line 3."""
    return ".. code-block:: python\n\n" + "".join("   " + line + "\n" for line in source.splitlines())


def test_names_that_resolve_are_clean():
    source = ("from twisted.internet import defer, reactor, task\n"
              "from twisted.web.server import Site\n"
              "import twisted.internet.protocol\n"
              "d = defer.Deferred()\n"
              "d.addCallback(print)\n"
              "reactor.callLater(0, reactor.stop)\n"
              "task.LoopingCall(print).start\n"
              "twisted.internet.protocol.Protocol.transport\n")
    assert found(code(source)) == []


def test_a_name_that_does_not_resolve_is_api001_at_its_line():
    source = "from twisted.internet import defer\nx = 1\ndefer.notAThing()\nfrom twisted import nothing_here\n"
    assert found(code(source)) == [("API001", 5), ("API001", 6)]


def test_a_chain_after_a_wrong_import_is_reported_once():
    source = "from twisted import reactor\nreactor.run()\nreactor.stop()\n"
    assert found(code(source)) == [("API001", 3)]


def test_prose_literals_and_roles_are_resolved():
    text = ("Use ``twisted.internet.defer.Deferred`` and :py:meth:`twisted.internet.defer.Deferred.addCallback`,\n"
            "not ``twisted.internet.defer.Deferrred`` or :py:class:`D <twisted.internet.defer.NoSuch>`.\n"
            "Legacy :api:`twisted.internet.task.Clock <Clock>` and :api:`twisted.internet.task.Klock <Klock>`.\n"
            ":py:class:`Deferred` (no dotted name) and ``reactor.callLater`` are out of scope.\n")
    findings = lint_text(text, checks=[check_apis])
    assert [(f.code, f.line, f.column) for f in findings] == [("API001", 2, 7), ("API001", 2, 59), ("API001", 3, 61)]


def test_a_deprecated_name_is_api002_with_the_release_from_twisted_itself():
    from twisted.internet.defer import returnValue
    expected = returnValue.deprecatedVersion.public()  # stamped by twisted.python.deprecate.deprecated
    (finding,) = lint_text(code("from twisted.internet.defer import returnValue\n"), checks=[check_apis])
    assert (finding.code, finding.line) == ("API002", 3)
    assert f"Twisted {expected}" in finding.message


def test_deprecated_module_attributes_come_from_the_module_proxy():
    import twisted.python
    records = object.__getattribute__(twisted.python, "_deprecatedAttributes")  # a _ModuleProxy
    (finding,) = lint_text("See ``twisted.python.url``.\n", checks=[check_apis])
    assert finding.code == "API002"
    assert f"Twisted {records['url'].version.public()}" in finding.message


def test_a_removed_name_known_to_the_catalogue_is_api003():
    (finding,) = lint_text("Lore lived in ``twisted.lore.tree``.\n", checks=[check_apis])
    assert finding.code == "API003"
    assert "15.3.0" in finding.message


def test_a_module_needing_an_optional_dependency_is_not_reported():
    pytest.importorskip("twisted")
    try:
        import wx  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("wxPython is installed here")
    assert found("``twisted.internet.wxreactor`` and :py:mod:`twisted.internet.wxreactor`\n") == []


def test_reactor_methods_of_any_reactor_resolve_without_installing_one():
    had_reactor = "twisted.internet.reactor" in sys.modules
    source = ("from twisted.internet import reactor\n"
              "reactor.registerWxApp(app)\n"
              "reactor.listenTCP(0, factory)\n"
              "reactor.notAReactorMethod()\n")
    assert found(code(source)) == [("API001", 6)]
    assert ("twisted.internet.reactor" in sys.modules) == had_reactor


def test_guarded_imports_and_history_passages_are_left_alone():
    source = "try:\n    import twisted.lore\nexcept ImportError:\n    pass\n"
    assert found(code(source)) == []
    text = ".. faq-check: history\n\nLore was ``twisted.lore``.\n\nStill ``twisted.lore`` here.\n"
    assert found(text) == [("API003", 5)]


def test_names_rebound_in_the_document_are_not_followed():
    source = ("from twisted.web import server\n"
              "server = make_server()\n"
              "server.port\n")
    assert found(code(source)) == []


def test_placeholders_name_nothing():
    assert found("Put tests in ``twisted.yourpackage.test`` or ``twisted.somemodule``.\n") == []


def test_demonstrating_a_deprecation_is_not_using_it():
    source = ("import warnings\n"
              "from twisted.python import util\n"
              "with warnings.catch_warnings(record=True):\n"
              "    util.OrderedDict()\n"
              "print(util.OrderedDict.deprecatedVersion, util.OrderedDict.__doc__)\n"
              "util.OrderedDict()\n")
    assert found(code(source)) == [("API002", 8)]


def test_prose_that_says_a_name_is_gone_or_deprecated_is_not_advice():
    text = ("Title\n=====\n\n:changed-in: 15.3.0 (``twisted.lore`` removed)\n\n"
            "``twisted.news`` was removed in 21.2.0.\n\n"
            "``twisted.python.util.OrderedDict``\nwas deprecated in 15.5.0.\n\n"
            "Use ``twisted.news`` for NNTP.\n\n"
            "Use ``twisted.python.util.OrderedDict`` for order.\n")
    assert found(text) == [("API003", 11), ("API002", 13)]


def test_a_deprecated_module_imported_by_an_earlier_one_is_still_deprecated():
    """domhelpers imports microdom, whose warning fires once: the answer must not depend on order."""
    from faq_checks.lint.resolution import _ask_child
    together = _ask_child(["twisted.web.domhelpers", "twisted.web.microdom"])
    alone = _ask_child(["twisted.web.microdom"])
    assert together["twisted.web.microdom"].status == alone["twisted.web.microdom"].status == "deprecated"
    assert together["twisted.web.microdom"].version == alone["twisted.web.microdom"].version


def test_a_made_up_name_offered_as_an_example_is_not_api001():
    text = ("A Service subclass for Forums might be named ``twisted.forum.service.ForumService``, and one\n"
            "for Words might be ``twisted.words.service.WordsService``.\n\n"
            "Use ``twisted.forum.service.ForumService`` to serve forums.\n")
    assert found(text) == [("API001", 4)]


API = "https://docs.twisted.org/en/stable/api/"


@pytest.mark.parametrize("url, code", [
    (API + "twisted.web.client.getPage.html", "API003"),                       # removed in 22.1.0
    (API + "twisted.internet.defer.html#returnValue", "API002"),                 # deprecated in 24.7.0
    ("https://twistedmatrix.com/documents/current/api/twisted.web.client.HTTPClientFactory-class.html", "API003"),
])
def test_a_link_to_the_current_api_page_of_a_gone_name_is_reported(url, code):
    text = f"Title\n=====\n\nSee `the reference <{url}>`_ for details.\n"
    assert [f.code for f in lint_text(text, checks=[check_apis])] == [code]


@pytest.mark.parametrize("url", [
    API + "twisted.web.client.Agent.html#request",
    "https://twistedmatrix.com/documents/8.2.0/api/twisted.web.client.getPage.html",  # that release's page
    API + "index.html",
    "https://example.com/api/twisted.web.client.getPage.html",
])
def test_a_link_to_a_name_that_is_there_or_to_a_release_or_elsewhere_is_not(url):
    text = f"Title\n=====\n\nSee `the reference <{url}>`_ for details.\n"
    assert lint_text(text, checks=[check_apis]) == []
