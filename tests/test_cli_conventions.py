"""The command line as a new user meets it: subcommands, --help, --version, typos, lint's flags."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from faq_checks.cli import main as faq_check_main
from faq_checks.lint.cli import main as lint_main

PY2 = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n'
UNUSED = "Title\n=====\n\n.. code-block:: python\n\n   import os\n   print('unused')\n"


def faq_check(*args: str, stdin: str | None = None, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "faq_checks", *args], capture_output=True, text=True,
                          input=stdin, cwd=cwd, env=env, timeout=120)


def lint(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = lint_main(["--no-config", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_version_and_help_list_every_command(capsys):
    assert faq_check_main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("faq-check 0.")
    assert faq_check_main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert all(name in shown for name in ("run", "lint", "rule"))


@pytest.mark.parametrize("command", ["run", "lint", "rule"])
def test_each_command_has_its_own_help(command, capsys):
    try:
        status = faq_check_main([command, "--help"])
    except SystemExit as exit:  # argparse's own --help exits
        status = exit.code
    assert status == 0 and f"usage: faq-check {command}" in capsys.readouterr().out


def test_an_unknown_command_is_exit_2_with_a_suggestion(tmp_path):
    result = faq_check("lnt", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown command 'lnt'" in result.stderr and "did you mean 'lint'?" in result.stderr


def test_run_with_a_missing_file_is_exit_2(tmp_path):
    result = faq_check("run", "nope.rst", cwd=tmp_path)
    assert result.returncode == 2 and "nope.rst: no such file or directory" in result.stderr


def test_rule_prints_the_codes_doc_and_refuses_unknown_codes(capsys):
    assert faq_check_main(["rule", "PY002"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("PY002 (samples, error): code block uses Python 2 syntax")
    assert "Why is this bad" in shown and "except ValueError, e" in shown
    assert faq_check_main(["rule", "PY105"]) == 0 and "rule-PY1xx" in capsys.readouterr().out
    assert faq_check_main(["rule", "PY203"]) == 2
    assert "did you mean" in capsys.readouterr().err


def test_stdin_is_linted_under_the_name_and_config_of_stdin_filename(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.faq-check]\nignore = ["PY102"]\n')
    (tmp_path / "docs").mkdir()
    result = faq_check("lint", "-", "--stdin-filename", "docs/page.rst", stdin=PY2 + UNUSED[13:], cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("docs/page.rst:6:4: PY002 ") and "PY102" not in result.stdout
    assert result.stderr.endswith("1 finding in 1 file (1 error, 0 warnings); 1 fixable\n")


def test_summary_statistics_exit_zero_and_fail_on(tmp_path):
    old, unused = tmp_path / "old.rst", tmp_path / "unused.rst"
    old.write_text(PY2 + PY2[13:])
    unused.write_text(UNUSED)
    status, out, err = lint("--statistics", str(tmp_path))
    assert status == 1
    assert out.split("\n")[:2] == ["     2  PY002    error    code block uses Python 2 syntax",
                                   "     1  PY102    warning  unused import"]
    assert err == "3 findings in 2 files (2 errors, 1 warning); 2 fixable\n"
    assert lint("--exit-zero", str(tmp_path))[0] == 0
    assert lint("--fail-on", "error", str(unused))[0] == 0
    assert lint("--fail-on", "error", str(old))[0] == 1
    assert lint("--exit-zero", str(tmp_path / "missing.rst"))[0] == 2  # bad input is never zero
    assert lint("--format", "json", str(old))[2] == ""  # the summary is for people: text only


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("argv, no_color, coloured", [
    ([], None, True), (["--color", "never"], None, False), ([], "1", False), (["--color", "always"], "1", True),
])
def test_colour_on_a_terminal_unless_no_color_or_never(tmp_path, monkeypatch, argv, no_color, coloured):
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "old.rst").write_text(PY2)
    out = Terminal()
    lint_main(["--no-config", *argv, str(tmp_path / "old.rst")], stdout=out, stderr=io.StringIO())
    assert ("\033[31mPY002\033[0m" in out.getvalue()) is coloured
    assert "PY002" in out.getvalue()


def test_no_colour_when_piped(tmp_path):
    (tmp_path / "old.rst").write_text(PY2)
    assert "\033[" not in faq_check("lint", "--no-config", "old.rst", cwd=tmp_path).stdout


@pytest.mark.parametrize("command", ["run", "lint", "mutate"])
@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_jobs_below_one_is_the_same_usage_error_in_every_command(command, value, capsys, tmp_path):
    try:
        status = faq_check_main([command, "--jobs", value, str(tmp_path)])
    except SystemExit as exit:  # argparse's usage error
        status = exit.code
    assert status == 2  # "run --jobs 0" once ran with one job, silently
    assert f"argument --jobs: must be a whole number of at least 1, not {value!r}" in capsys.readouterr().err
