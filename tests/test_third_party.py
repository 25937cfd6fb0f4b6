"""
Done when another project adopts faq-checks: a throwaway third-party
project (its own pyproject.toml, a Sphinx conf.py, docs with good and stale
Twisted samples) checked as its developers would, from its root, from a
subfolder and from elsewhere; its docs run by pytest with only the ini
option; a baseline, ``--fix``, standard input and the pre-commit entry.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PYPROJECT = """\
[project]
name = "thirdparty"
version = "1.0"

[tool.pytest.ini_options]
faq_check_paths = ["docs/howto"]
pythonpath = ["src"]

[tool.faq-check]
ignore = ["PY102"]
extend-exclude = ["docs/_generated"]
"""

GOOD = """\
Echo
====

See :doc:`/index` for the other pages.

.. code-block:: python

    from twisted.internet import defer
    from thirdparty import double

    results = []
    defer.succeed(21).addCallback(double).addCallback(results.append)
    assert results == [42]
"""

STALE = """\
Old ways
========

Build the tap with mktap and run it.

.. code-block:: python

    import os
    print "done"
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "thirdparty"
    write(root, "pyproject.toml", PYPROJECT)
    write(root, "docs/conf.py", "project = 'thirdparty'\n")
    write(root, "docs/index.rst", "Thirdparty\n==========\n\nThe docs.\n")
    write(root, "docs/howto/echo.rst", GOOD)
    write(root, "docs/howto/old.rst", STALE)
    write(root, "docs/_generated/api.rst", STALE)
    write(root, "src/thirdparty/__init__.py", "def double(x):\n    return 2 * x\n")
    (tmp_path / "elsewhere").mkdir()
    return root


def faq_check(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "faq_checks", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=300)


def findings(result: subprocess.CompletedProcess, root: Path, cwd: Path) -> list[tuple[str, int, str]]:
    """(path from the project root, line, code) of each finding; paths are printed as given, from ``cwd``."""
    report = json.loads(result.stdout)
    return sorted((str((cwd / f["path"]).resolve().relative_to(root)), f["line"], f["code"])
                  for f in report["findings"])


EXPECTED = [("docs/howto/old.rst", 4, "STL001"), ("docs/howto/old.rst", 9, "PY002")]


def test_lint_gives_the_same_findings_from_root_subfolder_and_elsewhere(project):
    for cwd, target in ((project, "docs"), (project / "docs" / "howto", ".."),
                        (project.parent / "elsewhere", str(project / "docs"))):
        result = faq_check("lint", "--format", "json", target, cwd=cwd)
        assert result.returncode == 1, (cwd, result.stderr)
        assert findings(result, project, cwd) == EXPECTED, cwd


def test_pytest_with_only_the_ini_option_runs_the_docs_in_workers(project):
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA"],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert "PASSED docs/howto/echo.rst::line:6" in result.stdout, result.stdout
    assert "1 failed, 1 passed" in result.stdout  # old.rst's Python 2 sample fails, in its worker
    assert "old.rst:9: " in result.stdout and "SyntaxError" in result.stdout


def test_baseline_then_only_new_findings(project):
    assert faq_check("lint", "--write-baseline", "faq-check-baseline.json", "docs", cwd=project).returncode == 0
    assert faq_check("lint", "--baseline", "faq-check-baseline.json", "docs", cwd=project).returncode == 0
    old = project / "docs" / "howto" / "old.rst"
    old.write_text("Intro\n=====\n\nA new first paragraph.\n\n" + old.read_text()[len("Old ways\n========\n\n"):]
                   + '    print "more"\n')
    result = faq_check("lint", "--baseline", "faq-check-baseline.json", "--format", "json", "docs", cwd=project)
    assert findings(result, project, project) == [("docs/howto/old.rst", 12, "PY002")]


def test_stdin_under_the_projects_config(project):
    result = faq_check("lint", "--format", "json", "-", "--stdin-filename", "docs/howto/new.rst",
                       stdin=textwrap.dedent(STALE), cwd=project)
    assert [(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]] == [
        ("docs/howto/new.rst", "STL001"), ("docs/howto/new.rst", "PY002")]  # PY102 ignored by its config


OLDER = """\
Fetching
========

>>> print "http://example.com/" + "a"
http://example.com/a

.. code-block:: python

    from urlparse import urljoin
    from twisted.internet.defer import inlineCallbacks, returnValue

    @inlineCallbacks
    def fetch(d):
        page = yield d
        returnValue(urljoin(page, "b"))

    fetch
"""


def test_fix_rewrites_the_stale_samples_and_the_files_still_build(project):
    docutils_core = pytest.importorskip("docutils.core", reason="the test extra brings docutils (with Sphinx)")
    older = write(project, "docs/howto/older.rst", OLDER)
    generated = (project / "docs" / "_generated" / "api.rst").read_text()
    result = faq_check("lint", "--fix", "docs", cwd=project)
    assert result.returncode == 1 and result.stderr.endswith("; 4 fixed\n"), result.stderr
    left = faq_check("lint", "--format", "json", "docs", cwd=project)
    assert findings(left, project, project) == [("docs/howto/old.rst", 4, "STL001")]  # prose: not fixable
    assert '    print("done")\n' in (project / "docs" / "howto" / "old.rst").read_text()
    assert older.read_text() == OLDER.replace("from urlparse", "from urllib.parse").replace(
        'print "http://example.com/" + "a"', 'print("http://example.com/" + "a")').replace(
        "inlineCallbacks, returnValue", "inlineCallbacks").replace('returnValue(urljoin(page, "b"))',
                                                                    'return urljoin(page, "b")')
    assert (project / "docs" / "_generated" / "api.rst").read_text() == generated  # excluded: never touched
    for page in ("old.rst", "older.rst"):
        tree = docutils_core.publish_doctree((project / "docs" / "howto" / page).read_text(),
                                             settings_overrides={"report_level": 5, "halt_level": 5})
        messages = [node for node in tree.findall() if node.tagname == "system_message" and node["level"] >= 2]
        assert not messages, (page, messages)
    clean = faq_check("lint", "--select", "PY002,STL015,API002", "docs", cwd=project)
    assert clean.returncode == 0, clean.stdout
