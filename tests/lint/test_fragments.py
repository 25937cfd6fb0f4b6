"""Docs are full of fragments: elisions, function bodies, sessions, names a project assumes."""

from __future__ import annotations

import textwrap
from pathlib import Path

from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint, lint_text


def block(source: str, language: str = "python") -> str:
    """A document whose code block's source starts on line 6."""
    return f"Title\n=====\n\n.. code-block:: {language}\n\n" + textwrap.indent(textwrap.dedent(source), "   ")


#: Snippets that run together, as an answer's do (PY101 on); the default for a plain document is
#: fragments (test_undefined_names_are_off_by_default_where_nothing_runs_the_snippets).
RUN = {"snippets_run": True}


def found(text: str, settings: dict | None = None) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, settings={**RUN, **(settings or {})}, checks=[check_samples])]


def test_an_elision_is_a_fragment_marker_where_it_stands():
    assert found(block("def handler(request, ...):\n    pass\n")) == []
    assert found(block("reactor.listenTCP(8080, factory, interface='127.0.0.1', ...)\n")) == []


def test_an_elision_elsewhere_does_not_hide_a_real_syntax_error():
    source = "def first():\n    ...\n\nx = 1\ny = (2\nz = 3\n"
    assert [code for code, _ in found(block(source))] == ["PY001"]


def test_a_block_with_a_top_level_return_yield_or_await_is_a_function_body():
    assert found(block("d = getPage(url)\nresult = yield d\nreturn result\n")) == [("PY101", 6), ("PY101", 6)]
    assert found(block("value = await deferred\nreturn value\n")) == [("PY101", 6)]
    assert found(block("for x in range(3):\n    yield x\n")) == []


def test_underscore_is_the_last_result_in_a_session():
    assert found(block(">>> 1 + 1\n2\n>>> _ * 2\n4\n", "pycon")) == []


def test_a_name_defined_in_a_later_block_counts():
    text = block("print(factory)\n") + "\nLater:\n\n.. code-block:: python\n\n   factory = object()\n"
    assert found(text) == []


def test_context_names_are_assumed():
    text = block("c['workers'] = []\nresponse.css('a')\n")
    assert found(text) == [("PY101", 6), ("PY101", 7)]
    assert found(text, {"context_names": ["c", "response"]}) == []


def test_undefined_names_are_off_in_a_sphinx_project_unless_its_snippets_run(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Widgets'\n")
    # (an import ending a fragment is set-up for what follows: test_imports_ending_a_sphinx_sample_...)
    (tmp_path / "index.rst").write_text(block("import os\nprint(undefined)\n"))
    codes = lambda settings=None: [f.code for f in lint([str(tmp_path)], settings, checks=[check_samples]).findings]
    assert codes() == ["PY102"]
    assert codes({"snippets_run": True}) == ["PY102", "PY101"]


def test_a_python_2_module_is_named():
    (finding,) = lint_text(block("import urllib2\n"), checks=[check_stale])
    assert finding.message.startswith("urllib2 is a Python 2 module")


SETUP_THEN_IMPORT = ("from twisted.internet import gtk3reactor\ngtk3reactor.install()\n\n"
                     "from twisted.internet import reactor\n")
VARIANTS = ("# everyone shares one avatar\ndef requestAvatar(self, avatarID, mind, *interfaces):\n"
            "    return pb.IPerspective, self.shared, lambda: None\n\n"
            "# each user gets their own\ndef requestAvatar(self, avatarID, mind, *interfaces):\n"
            "    return pb.IPerspective, self.avatars[avatarID], lambda: None\n")


def test_imports_ending_a_sphinx_sample_set_up_what_follows(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Twisted'\n")
    page = str(tmp_path / "reactors.rst")
    codes = lambda text: [code for code, _ in lint_codes(text, page)]
    assert "PY102" not in codes(block(SETUP_THEN_IMPORT))
    used_after = "from twisted.internet import reactor\nimport os\n\nreactor.run()\n"
    assert codes(block(used_after)) == ["PY102"]  # an unused import above the code is still reported
    assert "PY102" in [code for code, _ in found(block(SETUP_THEN_IMPORT))]  # where snippets run together


def test_versions_of_one_function_shown_one_after_another_are_not_a_redefinition(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Twisted'\n")
    page = str(tmp_path / "cred.rst")
    assert [code for code, _ in lint_codes(block(VARIANTS), page)] == []
    over_an_import = "from os import path\n\ndef path(p):\n    return p\n"
    assert [code for code, _ in lint_codes(block(over_an_import), page)] == ["PY104"]
    assert "PY104" in [code for code, _ in found(block(VARIANTS))]  # where snippets run: a module, redefined


def test_one_name_imported_from_two_modules_is_a_choice_shown_not_a_redefinition(tmp_path):
    """Autobahn's "Instead of: (asyncio import) / Use: (Twisted import)" in one block."""
    (tmp_path / "conf.py").write_text("project = 'txthing'\n")
    page = str(tmp_path / "start.rst")
    choice = ("# Instead of:\nfrom txthing.asyncio.server import ServerProtocol\n\n"
              "# Use:\nfrom txthing.twisted.server import ServerProtocol\n")
    assert lint_codes(block(choice), page) == []
    twice = "from txthing.server import ServerProtocol\nfrom txthing.server import ServerProtocol\n"
    assert lint_codes(block(twice), page) == [("PY104", 7)]  # the same import twice is a slip
    over_a_class = "class ServerProtocol:\n    pass\n\nfrom txthing.server import ServerProtocol\n"
    assert [code for code, _ in lint_codes(block(over_a_class), page)] == ["PY104"]
    assert "PY104" in [code for code, _ in found(block(choice))]  # where snippets run: a module, redefined


def test_undefined_names_are_off_by_default_where_nothing_runs_the_snippets(tmp_path):
    """
    A plain reST docs folder (no Sphinx project: Foolscap's doc/, rendered
    where it is read) is fragments, as a Sphinx project's docs are; Sybil's
    own markup in a document says it runs, as an answer does.
    """
    fragment = block("class Target(pb.Referenceable):\n    pass\n")
    page = str(tmp_path / "doc" / "specification.rst")
    assert lint_codes(fragment, page) == []
    run_by_sybil = [".. invisible-code-block: python\n\n   print(Target)\n\n",
                    ".. -> listing\n\n", ".. skip: next\n\n", ".. clear-namespace\n\n"]
    for markup in run_by_sybil:
        assert ("PY101", 6) in lint_codes(fragment + "\n" + markup, page), markup
    assert lint_codes(fragment, page, {"snippets_run": True}) == [("PY101", 6)]
    assert lint_codes(fragment + "\n.. -> listing\n", page, {"snippets_run": False}) == []
    # a faq-check control is the linter's, not a runner's
    assert lint_codes(fragment + "\n.. faq-check: ignore PY102\n", page) == []


def lint_codes(text: str, page: str, settings: dict | None = None) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, path=page, settings=settings, checks=[check_samples])]


def test_a_sample_introduced_as_no_longer_allowed_shows_the_old_way_on_purpose():
    before = "Title\n=====\n\nIn the new release, configuration files no longer allow the print statement:\n\n"
    after = "Title\n=====\n\nIn the new release, configuration files print with the function:\n\n"
    sample = ".. code-block:: python\n\n    print 'starting'\n"
    assert found(before + sample) == []
    assert found(after + sample) == [("PY002", 8)]
    # only the block the sentence introduces: the next one is checked
    assert found(before + sample + "\nTo fix it, write:\n\n" + sample) == [("PY002", 14)]
