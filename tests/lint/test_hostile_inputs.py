"""
Every input bounded: FIFOs, devices and /proc refused, files over
max-file-size skipped, literalinclude kept inside the project, deep nesting
survived, walks kept inside the folder walked; each with the other files'
findings still reported.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from faq_checks.lint.cli import main

OLD = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n'


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["--no-config", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def other(tmp_path) -> str:
    """A file with one finding, linted beside each hostile input."""
    path = tmp_path / "other.rst"
    path.write_text(OLD)
    return str(path)


def test_a_fifo_is_refused_without_blocking(tmp_path, other):
    fifo = tmp_path / "x.rst"
    os.mkfifo(fifo)
    status, out, err = run(str(fifo), other)
    assert status == 2 and f"{fifo}: cannot read: not a regular file (a FIFO)" in err
    assert "PY002" in out


@pytest.mark.parametrize("target", ["/dev/zero", "/proc/self/environ"])
def test_devices_and_proc_are_refused(tmp_path, other, target):
    link = tmp_path / "x.rst"
    link.symlink_to(target)
    status, out, err = run(str(link), other)
    assert status == 2 and f"{link}: cannot read:" in err and "PY002" in out
    assert "PATH=" not in out + err


def test_a_file_over_max_file_size_is_reported_once_and_skipped(tmp_path, other):
    big = tmp_path / "big.rst"
    big.write_text(OLD + "x" * 2000 + "\n")
    status, out, err = run("--max-file-size", "1K", str(big), other)
    assert status == 2 and err.count(str(big)) == 1 and "max-file-size" in err
    assert str(big) not in out and "PY002" in out
    assert run("--max-file-size", "1M", str(big))[0] == 1


def test_a_100_mib_file_is_refused_by_the_default_limit_without_being_read(tmp_path, other):
    """
    The issue's 100 MB document: with no setting, the default max-file-size
    refuses it from its size alone, so the run ends at once with the other
    file's findings.  The file is sparse (a hole after a real first page), so
    the test costs no disk; a reader that read it would see 100 MiB of NULs.
    """
    huge = tmp_path / "huge.rst"
    with huge.open("w") as handle:
        handle.write(OLD)
        handle.truncate(100 * 1024 * 1024)
    status, out, err = run(str(huge), other)
    assert status == 2 and err.count(str(huge)) == 1 and "max-file-size" in err
    assert str(huge) not in out and f"{other}:6" in out


def test_max_file_size_in_config(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.faq-check]\nmax-file-size = 20\n")
    (tmp_path / "doc.rst").write_text(OLD)
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["doc.rst"], stdout=out, stderr=err) == 2 and "max-file-size (20 bytes)" in err.getvalue()


SECRET = "AKIAIOSFODNN7EXAMPLE_s3cr3t"


@pytest.mark.parametrize("form", ["text", "json", "sarif", "github"])
def test_literalinclude_outside_the_project_is_not_read(tmp_path, form):
    (tmp_path / ".env").write_text(f"import os\nTOKEN = {SECRET}\nprint undefined_{SECRET}\n")
    docs = tmp_path / "project" / "docs"
    docs.mkdir(parents=True)
    (docs / "conf.py").write_text("project = 'x'\n")
    (docs / "page.rst").write_text("Page\n====\n\n.. literalinclude:: ../../.env\n   :language: python\n")
    status, out, err = run("--format", form, str(docs / "page.rst"))
    assert SECRET not in out + err
    assert "PY003" in out and "outside the project" in out


def test_literalinclude_inside_the_project_still_works(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (project / "example.py").write_text('print "old"\n')
    (project / "docs" / "page.rst").write_text("Page\n====\n\n.. literalinclude:: ../example.py\n")
    status, out, _ = run(str(project / "docs" / "page.rst"))
    assert status == 1 and "PY002" in out


def test_literalinclude_of_a_device_is_bounded(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "setup.cfg").write_text("")
    (project / "zero.py").symlink_to("/dev/zero")
    os.mkfifo(project / "fifo.py")
    (project / "page.rst").write_text("Page\n====\n\n.. literalinclude:: zero.py\n\n.. literalinclude:: fifo.py\n")
    status, out, err = run(str(project / "page.rst"))
    assert out.count("PY003") == 2 and "outside the project" in out and "not a regular file (a FIFO)" in out
    assert "Traceback" not in err


def test_hundreds_of_nested_notes_do_not_crash_or_lose_other_findings(tmp_path, other):
    text = "Deep\n====\n\n" + "".join("   " * depth + ".. note::\n\n" for depth in range(497))
    (tmp_path / "deep.rst").write_text(text + "   " * 497 + "Text.\n")
    status, out, err = run(str(tmp_path / "deep.rst"), other)
    assert "internal error" not in err and "Recursion" not in err
    assert status == 1 and "PY002" in out


def test_a_walk_does_not_follow_a_symlink_out_of_the_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.rst").write_text(OLD)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "inside.rst").write_text(OLD)
    (tree / "leak.rst").symlink_to(outside / "secret.rst")
    status, out, _ = run(str(tree))
    assert "inside.rst" in out and "leak.rst" not in out
