"""
Each document is linted under the config of its own project (the nearest
pyproject.toml above it), wherever the command is run from; every value of
that config is checked, and a typo is exit 2 naming the file and the line.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from faq_checks.lint.cli import main

PY2 = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n'
UNUSED = "Title\n=====\n\n.. code-block:: python\n\n   import os\n   print('unused')\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def lint(cwd: Path, monkeypatch, *argv: str) -> tuple[int, list[tuple[str, int, str]], str]:
    """Exit status, (file name, line, code) of each finding, and stderr."""
    monkeypatch.chdir(cwd)
    out, err = io.StringIO(), io.StringIO()
    status = main(["--format", "json", *argv], stdout=out, stderr=err)
    report = json.loads(out.getvalue()) if out.getvalue() else {"findings": []}
    return status, sorted((Path(f["path"]).name, f["line"], f["code"]) for f in report["findings"]), err.getvalue()


@pytest.fixture
def nested(tmp_path):
    """An outer project whose config must not reach the third-party project inside it."""
    write(tmp_path, "pyproject.toml", '[tool.faq-check]\nselect = ["REF"]\nroot = "."\n')
    project = tmp_path / "vendor" / "thirdparty"
    write(project, "pyproject.toml", '[project]\nname = "thirdparty"\n\n[tool.faq-check]\nignore = ["PY102"]\n')
    write(project, "docs/old.rst", PY2)
    write(project, "docs/guide/imports.rst", UNUSED)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return tmp_path, project, elsewhere


def test_same_findings_from_the_root_a_subfolder_the_outer_project_and_elsewhere(nested, monkeypatch):
    outer, project, elsewhere = nested
    expected = [("old.rst", 6, "PY002")]  # PY102 ignored by its own config, REF-only select not leaked
    for cwd in (project, project / "docs" / "guide", outer, elsewhere):
        status, found, err = lint(cwd, monkeypatch, str(project / "docs"))
        assert (status, found) == (1, expected), (cwd, err)


def test_a_project_without_a_table_gets_the_defaults_not_its_parents(nested, monkeypatch):
    outer, project, _ = nested
    write(project, "pyproject.toml", '[project]\nname = "thirdparty"\n')
    status, found, _ = lint(outer, monkeypatch, str(project / "docs"))
    assert found == [("imports.rst", 6, "PY102"), ("old.rst", 6, "PY002")]


def test_config_names_one_file_for_every_document(nested, monkeypatch):
    outer, project, _ = nested
    status, found, _ = lint(project, monkeypatch, "--config", str(outer / "pyproject.toml"), "docs")
    assert (status, found) == (0, [])


def test_two_projects_in_one_run_each_under_its_own_config(nested, monkeypatch):
    outer, project, _ = nested
    write(outer, "other/pyproject.toml", '[tool.faq-check]\nselect = ["PY1"]\n')
    write(outer, "other/doc.rst", PY2 + "\n.. code-block:: python\n\n   import os\n   print('unused')\n")
    status, found, _ = lint(outer, monkeypatch, str(project / "docs"), "other")
    assert found == [("doc.rst", 10, "PY102"), ("old.rst", 6, "PY002")]


@pytest.mark.parametrize("table, words", [
    ('select = ["STL999"]\n', "select: no rule has the code or prefix 'STL999'"),
    ('ignore = ["FOO"]\n', "ignore: no rule has the code or prefix 'FOO'"),
    ('horizon = "yesterday"\n', "horizon: 'yesterday' is not a release number"),
    ('horizon = {twisted = "22.1.0", pyhton = "3.9"}\n', "unknown horizon 'pyhton'"),
    ('horizon = {python = "three"}\n', "python = 'three' is not a release number"),
    ('docs-tree = "twisted-docs"\n', "docs-tree: no such folder"),
    ('root = "documentation"\n', "root: no such folder"),
    ('per-file-ignores = {"old/*" = ["STL999"]}\n', "'old/*': no rule has the code or prefix 'STL999'"),
])
def test_a_value_that_cannot_be_meant_is_exit_2_naming_file_and_line(tmp_path, monkeypatch, table, words):
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n\n[tool.faq-check]\n" + table)
    write(tmp_path, "doc.rst", PY2)
    status, found, err = lint(tmp_path, monkeypatch, "doc.rst")
    assert status == 2 and found == []
    assert f"{tmp_path / 'pyproject.toml'}:5: " in err and words in err, err


def test_codes_from_the_projects_own_catalogue_may_be_selected(tmp_path, monkeypatch):
    write(tmp_path, "pyproject.toml", '[tool.faq-check]\nselect = ["XYZ001"]\n\n'
          '[[tool.faq-check.catalogue]]\ncode = "XYZ001"\ntitle = "the old name"\nmatch = "Frobnicator"\n'
          'where = "prose"\nmessage = "say Widget"\nstale_since = "20.3.0"\nseverity = "warning"\n'
          'fixture_match = ["the Frobnicator runs"]\nfixture_clean = ["the Widget runs"]\n')
    write(tmp_path, "doc.rst", PY2 + "\nThe Frobnicator runs.\n")
    status, found, err = lint(tmp_path, monkeypatch, "doc.rst")
    assert (status, found) == (1, [("doc.rst", 8, "XYZ001")]), err


@pytest.mark.parametrize("argv, words", [
    (["--select", "FOO"], "no rule has the code or prefix 'FOO'"),
    (["--ignore", "STL999"], "no rule has the code or prefix 'STL999'"),
    (["--docs-tree", "missing"], "--docs-tree: no such folder: missing"),
    (["--config", "missing.toml"], "--config: no such file: missing.toml"),
])
def test_command_line_typos_are_exit_2(tmp_path, monkeypatch, argv, words):
    write(tmp_path, "doc.rst", PY2)
    status, found, err = lint(tmp_path, monkeypatch, "--no-config", *argv, "doc.rst")
    assert status == 2 and found == [] and words in err, err


def test_a_broken_config_does_not_stop_other_projects_being_linted(nested, monkeypatch):
    outer, project, _ = nested
    write(outer, "other/pyproject.toml", '[tool.faq-check]\nselct = ["PY"]\n')
    write(outer, "other/doc.rst", PY2)
    status, found, err = lint(outer, monkeypatch, "other", str(project / "docs"))
    assert status == 2 and found == [("old.rst", 6, "PY002")]
    assert "other/pyproject.toml:2: unknown key 'selct'" in err


def test_default_excludes_are_not_walked_and_extend_exclude_adds(tmp_path, monkeypatch):
    for folder in (".git", ".tox", ".nox", "venv", ".venv", "_build", "node_modules", "lib/site-packages", "old"):
        write(tmp_path, f"{folder}/doc.rst", PY2)
    write(tmp_path, "docs/doc.rst", PY2)
    write(tmp_path, "pyproject.toml", '[tool.faq-check]\nextend-exclude = ["old"]\n')
    status, found, _ = lint(tmp_path, monkeypatch, ".")
    assert found == [("doc.rst", 6, "PY002")]
    write(tmp_path, "pyproject.toml", '[tool.faq-check]\nexclude = ["docs"]\n')  # replaces the defaults
    status, found, _ = lint(tmp_path, monkeypatch, ".")
    assert len(found) == 5  # venv, _build, node_modules, site-packages and old; hidden folders stay skipped


def test_per_file_ignores(tmp_path, monkeypatch):
    write(tmp_path, "pyproject.toml", '[tool.faq-check]\nper-file-ignores = {"legacy/*" = ["PY0"], "notes.rst" = ["PY1"]}\n')
    write(tmp_path, "legacy/old.rst", PY2)
    write(tmp_path, "notes.rst", UNUSED)
    write(tmp_path, "docs/notes.rst", UNUSED)
    write(tmp_path, "docs/old.rst", PY2)
    status, found, _ = lint(tmp_path / "docs", monkeypatch, str(tmp_path))
    assert found == [("old.rst", 6, "PY002")]


def test_named_files_obey_exclude_and_with_force_exclude_the_config(tmp_path, monkeypatch):
    write(tmp_path, "pyproject.toml", '[tool.faq-check]\nextend-exclude = ["generated/*"]\n')
    generated = write(tmp_path, "generated/api.rst", PY2)
    build = write(tmp_path, "_build/html/page.rst", PY2)
    kept = write(tmp_path, "docs/kept.rst", PY2)
    named = [str(p.relative_to(tmp_path)) for p in (generated, build, kept)]
    assert len(lint(tmp_path, monkeypatch, *named)[1]) == 3  # named: linted, as ruff does
    assert lint(tmp_path, monkeypatch, "--exclude", "generated/*", *named)[1] == [
        ("kept.rst", 6, "PY002"), ("page.rst", 6, "PY002")]
    assert lint(tmp_path, monkeypatch, "--force-exclude", *named)[1] == [("kept.rst", 6, "PY002")]
