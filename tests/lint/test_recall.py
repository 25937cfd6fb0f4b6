"""
Stale advice the linter used to miss (issue 7's recall list), found at its
place in a page written the way old Twisted-era docs were: Python 2 builtins
and module attributes, removed names called by their short name, dead web
frameworks recommended, state kept in a .tap pickle, still-true claims dated
from ancient releases.  History sentences and true statements stay clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_checks.lint.checks.apis import check_apis
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint_text

SAMPLE = Path(__file__).parent / "samples" / "recall" / "howto-legacy.rst"


def findings(text: str, checks, path: str = "howto.rst") -> list[tuple[str, int, int]]:
    """Code and place of each finding, and of each other line it stands for (``also``)."""
    return [(f.code, line, column) for f in lint_text(text, path=path, checks=checks)
            for line, column in [(f.line, f.column), *f.also]]


def test_the_legacy_page_is_flagged_at_each_stale_statement_and_nowhere_else():
    found = findings(SAMPLE.read_text(), [check_stale, check_apis])
    assert found == [
        ("API003", 9, 39),   # ``getPage`` recommended
        ("API003", 11, 5),  # bare downloadPage
        ("STL038", 18, 49),  # "look at Nevow" and its launchpad link: one finding for the line
        ("STL038", 19, 21),  # "the Nevow framework is an advanced system": the same paragraph, so `also` of 18
        ("STL039", 26, 42),  # state saved into the .tap file
        ("STL040", 29, 29),  # "available since Twisted 8.2.0"
        ("STL037", 34, 36),  # commands.getoutput in prose
        ("STL036", 41, 18),  # xrange
        ("STL036", 42, 20),  # raw_input
        ("STL036", 43, 33),  # basestring (sys.maxint on the same line: one finding per rule and line)
        ("STL036", 44, 23),  # unicode(
        ("STL037", 45, 16),  # urllib.urlopen
    ]


def test_short_names_are_about_twisted_only_in_its_docs_or_a_sentence_naming_it(tmp_path):
    project = tmp_path / "docs"
    project.mkdir()
    (project / "conf.py").write_text("project = 'Crawler'\n")
    page = project / "index.rst"
    text = "Title\n=====\n\nOur ``getPage`` helper fetches a URL.\n\nTwisted's getPage is not ours.\n"
    assert findings(text, [check_apis], path=str(page)) == [("API003", 6, 11)]


def test_a_removed_name_in_a_sentence_saying_it_is_gone_is_history():
    text = "Title\n=====\n\n``deferredGenerator`` has been removed; use inlineCallbacks.\n"
    assert findings(text, [check_apis]) == []


def test_a_role_or_a_dotted_name_is_not_read_again_as_a_short_name():
    text = ("Title\n=====\n\nSee :api:`twisted.web.client.getPage <getPage>` and "
            "``twisted.web.client.downloadPage``.\n")
    assert [code for code, *_ in findings(text, [check_apis])] == ["API003", "API003"]


def test_a_directive_with_a_space_before_its_colons_holds_prose():
    text = "Title\n=====\n\n.. note ::\n\n    Do not use ``getPage`` for HTTPS URLs.\n"
    assert findings(text, [check_apis]) == [("API003", 6, 18)]


def test_another_projects_python_claims_are_measured_against_its_own_requires_python(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text("project = 'txthing'\n")
    page = str(tmp_path / "docs" / "install.rst")
    text = "Install\n=======\n\n* Python 3.9+\n"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "txthing"\nrequires-python = ">=3.11"\n')
    (finding,) = lint_text(text, path=page, checks=[check_stale])
    assert finding.code == "STL011" and "older than Python 3.11 (the oldest this project supports" in finding.message
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "txthing"\nrequires-python = ">=3.8"\n')
    assert lint_text(text, path=page, checks=[check_stale]) == []


@pytest.mark.parametrize("name, declaration", [
    ("setup.cfg", "[metadata]\nname = txthing\n\n[options]\npython_requires = >=3.11\n"),
    ("setup.py", "from setuptools import setup\n\nsetup(\n    name='txthing',\n    python_requires='>=3.11',\n)\n"),
])
def test_a_floor_declared_by_setup_cfg_or_setup_py_counts_too(tmp_path, name, declaration):
    """treq and Klein declare python_requires in setup.py; a pyproject.toml without requires-python says nothing."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text("project = 'txthing'\n")
    (tmp_path / "pyproject.toml").write_text('[build-system]\nrequires = ["setuptools"]\n')
    page = str(tmp_path / "docs" / "install.rst")
    text = "Install\n=======\n\n* Python 3.9+\n"
    (tmp_path / name).write_text(declaration)
    (finding,) = lint_text(text, path=page, checks=[check_stale])
    assert finding.code == "STL011" and "older than Python 3.11 (the oldest this project supports" in finding.message
    (tmp_path / name).write_text(declaration.replace("3.11", "3.8"))
    assert lint_text(text, path=page, checks=[check_stale]) == []


def test_setup_py_is_read_never_run(tmp_path):
    """Only a string literal given as python_requires counts; nothing in setup.py executes."""
    from faq_checks.lint.project_python import declared_requires

    witness = tmp_path / "ran"
    (tmp_path / "setup.py").write_text(
        f"open({str(witness)!r}, 'w').close()\nFLOOR = '>=3.11'\nsetup(python_requires=FLOOR)\n")
    assert declared_requires(str(tmp_path)) == "" and not witness.exists()
    (tmp_path / "setup.py").write_text("setup(python_requires='>=3.9',\n")  # does not parse
    assert declared_requires(str(tmp_path)) == ""
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    (tmp_path / "setup.cfg").write_text("[options]\npython_requires = >=3.12\n")
    assert declared_requires(str(tmp_path)) == ">=3.10"  # pyproject.toml first
