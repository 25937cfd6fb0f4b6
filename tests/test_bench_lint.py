"""bench/lint.py refuses a tree it cannot measure, instead of timing nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "lint.py"


def _bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=60)


def test_a_tree_without_rst_files_is_refused(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("no reST here\n", encoding="utf-8")
    completed = _bench(str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr == f"bench/lint.py: {tmp_path}: no .rst file under it (give the docs/ folder of a tree)\n"
    assert completed.stdout == ""


def test_a_missing_tree_and_a_missing_one_file_are_refused(tmp_path):
    missing = _bench(str(tmp_path / "docs"))
    assert (missing.returncode, missing.stderr) == (2, f"bench/lint.py: {tmp_path / 'docs'}: not a folder "
                                                       "(give the docs/ folder of a tree)\n")
    (tmp_path / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    no_file = _bench(str(tmp_path), "--one-file", "howto.rst")
    assert no_file.returncode == 2
    assert "howto.rst: no such file for the one-file row" in no_file.stderr
