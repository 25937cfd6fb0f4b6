"""
The result cache never gives a stale finding: each edit that changes what a
document's check learns from outside its text changes the cached run's
findings exactly as it changes a run with ``--no-cache``.

Every run is a fresh ``faq-check lint`` process (a process keeps what it
read from the disk; a lint run is one process).  The tree is a Sphinx
project linted one file at a time, so the labels of the other files come
from the disk (``tree.labels_under``), not from the run.  A cache that
missed a dependency would keep the finding from before the edit, which the
``--no-cache`` run no longer has (or the other way round).
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from faq_checks.lint.resultcache import MARKER

INDEX = """Index
=====

See :ref:`elsewhere`, :ref:`section title` and :doc:`later`, as the previous question says.
Visit `the notes <notes.html>`_ or old.example.com.

.. literalinclude:: example.py

Section title
-------------

Nothing here.
"""

PYPROJECT = """[project]
name = "acme"

[tool.faq-check]
"""

RULE = """
[[tool.faq-check.catalogue]]
code = "ACME001"
severity = "warning"
where = "prose"
title = "the retired mirror"
message = "The mirror at old.example.com closed; link the main site."
match = 'old\\.example\\.com'
stale_since = "2025-06-01"
fixture_match = "download from old.example.com"
fixture_clean = "download from example.com"
"""


def _project(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (docs / "conf.py").write_text('project = "Acme"\nextensions = []\n', encoding="utf-8")
    (docs / "index.rst").write_text(INDEX, encoding="utf-8")
    (docs / "labels.rst").write_text("Labels\n======\n\n.. _elsewhere:\n\nHere.\n", encoding="utf-8")
    (docs / "example.py").write_text("print('hello')\n", encoding="utf-8")
    return docs


def _lint(root: Path, *options: str, where: str = "", path: str = "docs/index.rst") -> tuple[dict, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(root / "cache"))
    completed = subprocess.run([sys.executable, "-m", "faq_checks", "lint", "--format", "json", "--jobs", "1",
                                *options, path], capture_output=True, text=True, env=env, cwd=root / where,
                               timeout=120)
    assert completed.returncode == 1, completed.stderr
    return json.loads(completed.stdout), completed.stderr


def _same(root: Path) -> set[str]:
    """The cached run's JSON is the uncached run's; the codes found (with the labels REF001 names)."""
    cached, cached_errors = _lint(root)
    fresh, fresh_errors = _lint(root, "--no-cache")
    assert cached == fresh and cached_errors == fresh_errors == ""
    return {f["code"] + (":" + f["message"].split("'")[1] if f["code"] == "REF001" else "")
            for f in fresh["findings"]}


def _entries(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (root / "cache" / "faq-checks" / "results").rglob("*") if p.is_file()}


def test_every_outside_edit_changes_the_cached_findings_as_the_uncached(tmp_path):
    docs = _project(tmp_path)
    found = _same(tmp_path)
    assert {"REF001:section title", "REF002", "REF003", "REF005"} <= found
    assert "REF001:elsewhere" not in found and "ACME001" not in found
    written = _entries(tmp_path)
    assert len(written) == 1, "the document's result was kept"
    assert _same(tmp_path) == found and _entries(tmp_path) == written, "an unchanged tree is read from the cache"

    (docs / "labels.rst").write_text("Labels\n======\n\nThe label is gone.\n", encoding="utf-8")
    assert _same(tmp_path) == found | {"REF001:elsewhere"}, "a label removed in another file"
    found |= {"REF001:elsewhere"}

    (docs / "example.py").write_text("def broken(:\n", encoding="utf-8")
    now = _same(tmp_path)
    assert now - found and all(code.startswith("PY") for code in now - found), "an included file"
    found = now

    (docs / "conf.py").write_text('project = "Acme"\nextensions = ["sphinx.ext.autosectionlabel"]\n', encoding="utf-8")
    assert _same(tmp_path) == found - {"REF001:section title"}, "conf.py"
    found -= {"REF001:section title"}

    (docs / "later.rst").write_text("Later\n=====\n", encoding="utf-8")
    assert _same(tmp_path) == found - {"REF002"}, "a :doc: target created"
    found -= {"REF002"}

    (docs / "notes.rst").write_text("Notes\n=====\n", encoding="utf-8")
    assert _same(tmp_path) == found - {"REF005"}, "a relative link's page created"
    found -= {"REF005"}

    (tmp_path / "pyproject.toml").write_text(PYPROJECT + RULE, encoding="utf-8")
    assert _same(tmp_path) == found | {"ACME001"}, "the catalogue"
    found |= {"ACME001"}

    (docs / "index.rst").write_text(INDEX + "\nSee also :ref:`added-later`.\n", encoding="utf-8")
    assert _same(tmp_path) == found | {"REF001:added-later"}, "the document itself"
    found |= {"REF001:added-later"}

    (tmp_path / "pyproject.toml").write_text(PYPROJECT + 'history-files = ["index.rst"]\n' + RULE, encoding="utf-8")
    now = _same(tmp_path)  # a history page: no positional references, nor stale advice, nor samples judged
    assert {"REF003", "ACME001"} <= found - now and now < found, "a setting"


def test_a_document_named_from_elsewhere_is_reported_as_named(tmp_path):
    _project(tmp_path)
    from_root = _lint(tmp_path)
    from_docs = _lint(tmp_path, where="docs", path="index.rst")
    assert from_docs == _lint(tmp_path, "--no-cache", where="docs", path="index.rst")
    assert {f["path"] for f in from_docs[0]["findings"]} == {"index.rst"} != {f["path"] for f in from_root[0]["findings"]}


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path):
    _project(tmp_path)
    fresh = _lint(tmp_path, "--no-cache")
    assert _lint(tmp_path) == fresh
    (entry,) = _entries(tmp_path)
    planted = tmp_path / "planted"

    class Planted:
        def __reduce__(self):
            return (os.system, (f"touch {planted}",))

    for data in (b"\x00garbage", MARKER + pickle.dumps({"checked": Planted()}), MARKER[:-3], b""):
        Path(entry).write_bytes(data)
        assert _lint(tmp_path) == fresh
    assert not planted.exists(), "an entry cannot run code"
    results = tmp_path / "cache" / "faq-checks" / "results"
    for path in sorted(results.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    results.rmdir()
    results.write_text("not a folder", encoding="utf-8")
    assert _lint(tmp_path) == fresh, "a cache that cannot be written only costs time"
    assert results.read_text(encoding="utf-8") == "not a folder"


def test_concurrent_runs_leave_a_cache_that_holds(tmp_path):
    _project(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    command = [sys.executable, "-m", "faq_checks", "lint", "--format", "json", "--jobs", "1", "docs/index.rst"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             cwd=tmp_path) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    fresh, _ = _lint(tmp_path, "--no-cache")
    assert [json.loads(out) for out, _ in outputs] == [fresh] * 4 and [err for _, err in outputs] == [""] * 4
    assert _lint(tmp_path) == (fresh, "")
    assert not [p for p in (tmp_path / "cache").rglob("*.tmp")], "no temporary file left behind"
