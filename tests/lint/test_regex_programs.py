"""
``faq-check lint`` keeps the programs of the regexes its modules compile as
they are imported (:mod:`faq_checks.regex_programs`): the next run compiles
none of them and says exactly the same; a damaged file only costs time; a
project's own patterns are never kept; ``re`` is itself again after the import.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

from faq_checks import regex_programs

#: A lint run in a fresh interpreter: its exit status, output, and how many regexes re really compiled.
PROBE = (
    "import contextlib, io, json, re, sys\n"
    "from re import _compiler\n"
    "real, count = _compiler.compile, [0]\n"
    "def counted(*args):\n"
    "    count[0] += 1\n"
    "    return real(*args)\n"
    "_compiler.compile = counted\n"
    "from faq_checks.cli import main\n"
    "out, err = io.StringIO(), io.StringIO()\n"
    "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
    "    status = main(['lint', '--no-cache', '--format', 'json', *sys.argv[1:]])\n"
    "print(json.dumps([status, out.getvalue(), err.getvalue(), count[0], _compiler.compile is counted]))\n"
)

PAGE = "Title\n=====\n\nRun ``mktap``; fetch it from mirror.zed.net.\n\n.. code-block:: python\n\n   import os\n"
#: A project's own rule: its pattern is compiled at run time, from the configuration.
PROJECT = """[tool.faq-check]

[[tool.faq-check.catalogue]]
code = "ZED001"
severity = "warning"
where = "prose"
title = "the retired download mirror"
stale_since = "2025-06-01"
message = "Downloads moved to files.zed.example."
match = 'mirror\\.zed\\.(?:net|org)'
fixture_match = "get it from mirror.zed.org"
fixture_clean = "get it from files.zed.example"
"""


def _lint(tmp_path, *args: str) -> tuple[int, str, str, int, bool]:
    source = os.path.dirname(os.path.dirname(regex_programs.__file__))  # this checkout, wherever it runs from
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=source)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          check=True, env=env, cwd=tmp_path)
    return tuple(json.loads(done.stdout.splitlines()[-1]))


def _kept(tmp_path) -> dict:
    (path,) = (tmp_path / "cache" / "faq-checks").glob("regexes-*.pickle")
    return pickle.loads(path.read_bytes()[len(regex_programs.MARKER):])


def test_the_next_run_compiles_none_of_the_imported_regexes_and_says_the_same(tmp_path):
    (tmp_path / "page.rst").write_text(PAGE, encoding="utf-8")
    _lint(tmp_path, "page.rst")  # fills the caches (the built-in catalogue's too)
    status, out, err, compiled, restored = _lint(tmp_path, "page.rst")
    assert restored  # re's compiler is itself again once the command is imported
    kept = _kept(tmp_path)
    assert len(kept) >= 50  # the linter's, Sybil's, pyflakes' regexes...
    again = _lint(tmp_path, "page.rst")
    assert again == (status, out, err, compiled, True) and status == 1 and "STL001" in out
    (path,) = (tmp_path / "cache" / "faq-checks").glob("regexes-*.pickle")
    path.unlink()
    cold = _lint(tmp_path, "page.rst")
    assert cold[:3] == (status, out, err) and cold[3] >= compiled + len(kept)  # each was compiled again


def test_a_damaged_file_or_a_refused_program_only_costs_time(tmp_path):
    (tmp_path / "page.rst").write_text(PAGE, encoding="utf-8")
    expected = _lint(tmp_path, "page.rst")[:3]
    (path,) = (tmp_path / "cache" / "faq-checks").glob("regexes-*.pickle")
    kept = _kept(tmp_path)
    refused = {key: (program[0], program[1], [99999, *program[2][1:]], *program[3:]) for key, program in kept.items()}
    for content in (b"", regex_programs.MARKER + b"\x80\x05truncated",
                    regex_programs.MARKER + pickle.dumps(refused), regex_programs.MARKER + pickle.dumps(["a list"])):
        path.write_bytes(content)
        assert _lint(tmp_path, "page.rst")[:3] == expected
        assert _kept(tmp_path).keys() == kept.keys()  # written afresh


def test_a_projects_own_patterns_are_never_kept(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    (tmp_path / "page.rst").write_text(PAGE, encoding="utf-8")
    status, out, _, _, _ = _lint(tmp_path, "page.rst")
    assert status == 1 and "ZED001" in out
    assert not [key for key in _kept(tmp_path) if "mirror\\.zed" in str(key[1])]


def test_a_command_imported_already_leaves_the_kept_programs_alone(tmp_path, monkeypatch):
    """A second call in one process (the tests, an embedding tool) compiles nothing, so it keeps nothing."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "faq-checks"
    folder.mkdir()
    path = folder / f"regexes-{regex_programs._key()}.pickle"
    path.write_bytes(regex_programs.MARKER + pickle.dumps({("str", "kept", 0): ("kept",)}))
    import faq_checks.lint.cli
    assert regex_programs.imported("faq_checks.lint.cli") is faq_checks.lint.cli
    assert pickle.loads(path.read_bytes()[len(regex_programs.MARKER):]) == {("str", "kept", 0): ("kept",)}
