"""--write-baseline then --baseline: only new findings, and lines moving keep old ones known."""

from __future__ import annotations

import io
import json
from pathlib import Path

from faq_checks.lint.cli import main

OLD = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n   print "older"\n'


def lint(cwd: Path, monkeypatch, *argv: str) -> tuple[int, list[tuple[str, int]], str]:
    monkeypatch.chdir(cwd)
    out, err = io.StringIO(), io.StringIO()
    status = main(["--no-config", "--format", "json", *argv], stdout=out, stderr=err)
    found = json.loads(out.getvalue())["findings"] if out.getvalue() else []
    return status, [(f["code"], f["line"]) for f in found], err.getvalue()


def test_only_new_findings_are_reported_and_moved_lines_stay_known(tmp_path, monkeypatch):
    doc = tmp_path / "docs" / "guide.rst"
    doc.parent.mkdir()
    doc.write_text(OLD)
    assert lint(tmp_path, monkeypatch, "--write-baseline", "baseline.json", "docs")[0] == 0
    assert lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "docs")[:2] == (0, [])
    # a paragraph added above moves both old findings down; a new one comes in
    doc.write_text(OLD.replace("Title\n=====\n", "Title\n=====\n\nAn introduction.\n")
                   + '   print "new"\n')
    assert lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "docs")[:2] == (1, [("PY002", 10)])
    # the same from another folder: paths are relative to the baseline file
    other = tmp_path / "elsewhere"
    other.mkdir()
    status, found, _ = lint(other, monkeypatch, "--baseline", str(tmp_path / "baseline.json"), str(tmp_path / "docs"))
    assert found == [("PY002", 10)]


def test_each_recorded_finding_accounts_for_one(tmp_path, monkeypatch):
    (tmp_path / "a.rst").write_text(OLD.replace('"older"', '"old"'))  # two identical lines
    lint(tmp_path, monkeypatch, "--write-baseline", "b.json", "a.rst")
    (tmp_path / "a.rst").write_text(OLD.replace('"older"', '"old"\n   print "old"'))
    assert lint(tmp_path, monkeypatch, "--baseline", "b.json", "a.rst")[1] == [("PY002", 8)]


def test_a_broken_baseline_is_exit_2_naming_it(tmp_path, monkeypatch):
    (tmp_path / "a.rst").write_text(OLD)
    (tmp_path / "b.json").write_text("{not json")
    status, found, err = lint(tmp_path, monkeypatch, "--baseline", "b.json", "a.rst")
    assert status == 2 and "b.json:1: not a baseline" in err
    (tmp_path / "b.json").write_text('{"findings": []}')
    assert "not a faq-check baseline" in lint(tmp_path, monkeypatch, "--baseline", "b.json", "a.rst")[2]
    assert "cannot read the baseline" in lint(tmp_path, monkeypatch, "--baseline", "missing.json", "a.rst")[2]
