"""STL findings at exact places; history comments, history sentences and HIST001."""

from __future__ import annotations

import pytest

from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint_text
from faq_checks.lint.model import InputError

TITLE = "Title\n=====\n\n"


def found(text: str, settings: dict | None = None) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in lint_text(TITLE + text, settings=settings, checks=[check_stale])]


def test_a_match_in_a_wrapped_paragraph_with_markup_lands_on_its_own_line_and_column():
    text = "The addresses are all listed in the\nfile ``CREDITS`` of the repository.\n"
    assert found(text) == [("STL006", 5, 1)]


def test_a_match_in_a_code_block_keeps_the_block_indentation():
    text = ".. code-block:: console\n\n    $ cd trunk\n    $ svn diff > my.patch\n"
    assert found(text) == [("STL004", 7, 7)]


def test_a_rule_can_place_its_finding_on_a_group():
    text = ".. code-block:: python\n\n    a = service.Application('x')\n    a.save()\n"
    assert found(text) == [("STL023", 7, 7)]


def test_a_link_url_is_read():
    text = "See `the ticket <https://twistedmatrix.com/trac/ticket/1>`_ for details.\n"
    assert found(text) == [("STL005", 4, 26)]


def test_prose_rules_do_not_read_code_and_code_rules_do_not_read_prose():
    assert found(".. code-block:: text\n\n    You can try the PDF books.\n") == []
    assert found("Call ``d.iteritems()`` to walk it.\n") == []


def test_invisible_proofs_are_not_read():
    text = ".. invisible-code-block: python\n\n    assert 'mktap' not in scripts\n"
    assert found(text) == []


def test_a_quotation_is_a_mention_not_advice():
    assert found('The old answer was "use Lore", which no longer works.\n') == []
    assert found("It said ``Now you can, with Lore, make docs like ours.``\n") == []
    assert found("Now you can, with ``Lore``.\n") == [("STL003", 4, 21)]


@pytest.mark.parametrize("sentence", [
    "The ``mktap`` tool (no longer supported) wrote pickles.",
    "Lore was removed in Twisted 15.3.0.",
    "There is no ``CREDITS`` file any more.",
    "Twisted has no Subversion repository.",
])
def test_a_sentence_that_says_the_thing_is_gone_is_history(sentence):
    assert found(sentence + "\n") == []


def test_a_history_comment_covers_the_next_element_only():
    text = ".. faq-check: history\n\nRun mktap here.\n\nRun mktap there.\n"
    assert found(text) == [("STL001", 8, 5)]


def test_a_history_comment_before_a_title_covers_its_section():
    text = (".. faq-check: history\n\nOld ways\n--------\n\nRun mktap.\n\nUse svn diff.\n\n"
            "New ways\n--------\n\nRun mktap anyway.\n")
    assert found(text) == [("STL001", 16, 5)]


def test_a_changed_in_field_is_history():
    text = ":changed-in: 11.1.0 (mktap was retired; use\n   twistd plugins; Subversion gave way to git)\n\nBody.\n"
    assert found(text) == []


RETURNING = [dict(code="ACME001", title="the json module", match=r"\bjson\b", where="prose",
                  message="Do not use json.", stale_since="2001-01-01", severity="error",
                  fixture_match="use json", fixture_clean="use yaml", gone={"module": "json"})]
STILL_GONE = [dict(RETURNING[0], gone={"module": "no_such_module_for_faq_check"})]


def test_history_that_claims_something_gone_which_is_back_is_hist001(tmp_path):
    text = ".. faq-check: history\n\nWe once used json, and json again.\n\nUse json.\n"
    settings = {"catalogue": RETURNING, "config_path": str(tmp_path / "pyproject.toml")}
    assert found(text, settings) == [("HIST001", 6, 14), ("ACME001", 8, 5)]


def test_history_whose_thing_is_still_gone_is_silent(tmp_path):
    text = ".. faq-check: history\n\nWe once used json.\n"
    settings = {"catalogue": STILL_GONE, "config_path": str(tmp_path / "pyproject.toml")}
    assert found(text, settings) == []


def test_a_version_claim_is_judged_against_the_configured_horizon():
    text = "In Twisted 20.3, the client changed shape.\n"
    assert found(text) == [("STL010", 4, 4)]
    assert found(text, {"horizon": "19.7.0"}) == []
    assert found(text, {"horizon": {"twisted": "19.7.0"}}) == []


def test_the_horizon_appears_in_the_message():
    (finding,) = lint_text(TITLE + "In Twisted 20.3, it changed.\n", settings={"horizon": "21.2"},
                           checks=[check_stale])
    assert "21.2" in finding.message and "20.3" in finding.message


def test_python_claims_use_the_python_horizon():
    assert found("It works on Python 3.9 only.\n", {"horizon": {"python": "3.8"}}) == []
    assert found("It works on Python 3.9 only.\n", {"horizon": {"python": "3.10"}}) == [("STL011", 4, 13)]
    # an open-ended floor is a version claim too (issue 7): "3.9+" names a floor below the horizon
    assert found("It works on Python 3.9+.\n", {"horizon": {"python": "3.10"}}) == [("STL011", 4, 13)]
    assert found("It works on Python 3.10+.\n", {"horizon": {"python": "3.10"}}) == []
    assert found("It works on 2.7 or 3.9 and later.\n", {"horizon": {"python": "3.10"}}) == [("STL011", 4, 20)]
    assert found("It works on Python 2.7+.\n", {"horizon": {"python": "3.10"}}) == [("STL011", 4, 13)]


def test_a_bad_project_catalogue_is_input_error(tmp_path):
    settings = {"catalogue": [dict(RETURNING[0], severity="loud")], "config_path": str(tmp_path / "pyproject.toml")}
    with pytest.raises(InputError, match="severity"):
        lint_text(TITLE + "Text.\n", settings=settings, checks=[check_stale])


@pytest.mark.parametrize("path", ["NEWS.rst", "docs/news.rst", "CHANGES.txt", "docs/changelog.rst",
                                  "docs/relnotes/0.9.rst", "docs/release-notes/4.0.rst", "docs/historic/2003.rst",
                                  "src/twisted/newsfragments/1234.removal.rst", "docs/releases.rst",
                                  "docs/release-notes.rst", "docs/release_notes.rst", "docs/relnotes.rst"])
def test_changelogs_and_history_pages_are_history(path):
    text = TITLE + "Lore was the documentation tool; use mktap to make a .tap file. Subversion.\n"
    assert lint_text(text, path=path, checks=[check_stale]) == []
    assert lint_text(text, path="docs/howto/guide.rst", checks=[check_stale]) != []


def test_history_files_are_configurable():
    text = TITLE + "Check it out of Subversion.\n"
    assert lint_text(text, path="NEWS.rst", settings={"history_files": []}, checks=[check_stale]) != []
    assert lint_text(text, path="docs/old/guide.rst", settings={"history_files": ["old"]}, checks=[check_stale]) == []


@pytest.mark.parametrize("sentence", [
    "Support for ``mktap`` has been removed.",
    "The mktap tool was dropped long ago.",
    "mktap is no longer the way to deploy.",
])
def test_gone_phrasing_is_history(sentence):
    assert found(sentence + "\n") == []


def test_history_file_kept_per_path_answers_as_the_globs_do(tmp_path, monkeypatch):
    """The memoised history_file against the globs matched afresh, for paths as given and from another folder."""
    import fnmatch
    import os

    from faq_checks.lint.history import HISTORY_FILES, history_file

    def fresh(path, patterns):
        parts = [part.lower() for part in os.path.normpath(os.path.abspath(path)).split(os.sep) if part]
        return any(fnmatch.fnmatchcase(part, p.lower()) for part in parts[-4:] for p in patterns)

    paths = ["docs/NEWS.rst", "news/x.rst", "docs/howto/defer.rst", "Changes.d/a.rst", "a/b/c/d/e/history.rst",
             "relnotes", "docs/changelog-2024.rst", "index.rst"]
    for patterns in (None, ["old/*"], [], ["HowTo", "*.RST"]):
        for path in paths:
            assert history_file(path, patterns) == fresh(path, HISTORY_FILES if patterns is None else patterns)
    (tmp_path / "news").mkdir()
    monkeypatch.chdir(tmp_path / "news")  # a relative path now means another file: asked afresh
    assert history_file("index.rst") and not history_file(str(tmp_path / "index.rst"))


def _other_project(tmp_path, text: str) -> list:
    """``text`` linted as a page of another project's Sphinx docs (its conf.py names it)."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "conf.py").write_text("project = 'txthing'\n")
    return lint_text(TITLE + text + "\n", path=str(tmp_path / "docs" / "upgrading.rst"), checks=[check_stale])


def test_in_another_projects_docs_a_release_claim_must_name_twisted(tmp_path):
    """Its own "starting with release 0.8.0" is its release, even in a sentence that names Twisted."""
    own = "Starting with release 0.8.0, txthing runs on both Twisted and asyncio."
    assert _other_project(tmp_path, own) == []
    (finding,) = _other_project(tmp_path, "txthing should work with any Twisted 11.1.0 or newer.")
    assert finding.code == "STL010" and "Twisted 11.1.0" in finding.message
    assert [f.code for f in lint_text(TITLE + own + "\n", checks=[check_stale])] == ["STL010"]  # Twisted's own docs


def test_a_link_to_the_trac_home_page_is_told_where_twisted_lives_now():
    (link,) = lint_text(TITLE + "Built on `Twisted <https://twistedmatrix.com/trac/>`_.\n", checks=[check_stale])
    assert link.code == "STL005" and "link https://twisted.org/ for Twisted itself" in link.message
    (prose,) = lint_text(TITLE + "File a ticket in Trac for it.\n", checks=[check_stale])
    assert prose.code == "STL005" and prose.message.endswith("file and look up issues on GitHub.")


def test_python2_written_as_one_word_in_prose_is_reported_with_advice_for_a_claim_too():
    (said,) = lint_text(TITLE + "The suite passes on Python2 and Python3.\n", checks=[check_stale])
    assert said.code == "STL012" and "for a claim, say what runs on Python 3 today" in said.message
    (path,) = lint_text(TITLE + "It ran /usr/bin/python2.7 then.\n", checks=[check_stale])
    assert "for a path or a command, name the environment's own" in path.message
