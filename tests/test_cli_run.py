"""``faq-check run`` as a user runs it: a subprocess, its output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import SAMPLES


def faq_check(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "faq_checks", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_json_is_one_object_with_relative_paths_as_given(tmp_path):
    (tmp_path / "answers").mkdir()
    for name in ("passes", "hangs"):
        (tmp_path / "answers" / f"{name}.rst").write_text((SAMPLES / f"{name}.rst").read_text())
    result = faq_check("run", "answers", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {"twisted", "python", "answers", "summary"}
    assert report["summary"] == {"answers": 2, "passed": 1, "failed": 1}
    hangs, passes = report["answers"]
    assert [hangs["path"], passes["path"]] == ["answers/hangs.rst", "answers/passes.rst"]
    assert set(hangs) == {"path", "title", "status", "examples", "seconds", "failures"}
    assert hangs["status"] == "timeout"
    assert hangs["examples"] == {"total": 3, "passed": 1, "failed": 1, "not_run": 1}
    assert [f["line"] for f in hangs["failures"]] == [13]


def test_bare_faq_check_runs_answers_and_exits_0_when_all_pass(tmp_path):
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "passes.rst").write_text((SAMPLES / "passes.rst").read_text())
    result = faq_check(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed        2/2" in result.stdout
    assert "1 of 1 answers passed" in result.stdout


def test_timeout_option_sets_the_default(tmp_path):
    answer = tmp_path / "slow.rst"
    answer.write_text("Slow\n====\n\n.. code-block:: python\n\n    import time\n    time.sleep(30)\n")
    result = faq_check("run", str(answer), "--timeout", "1", "--format", "json")
    assert json.loads(result.stdout)["answers"][0]["status"] == "timeout"


def test_a_missing_file_is_reported_and_the_others_still_run(tmp_path):
    result = faq_check("run", "missing.rst", str(SAMPLES / "passes.rst"), "--format", "json", cwd=tmp_path)
    statuses = [(a["path"], a["status"]) for a in json.loads(result.stdout)["answers"]]
    assert statuses == [("missing.rst", "error"), (str(SAMPLES / "passes.rst"), "passed")]
    assert result.returncode == 2  # a path that does not exist is a usage error
    assert "faq-check run: missing.rst: no such file or directory" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert faq_check("run", "--timeout", "0").returncode == 2
    assert faq_check("run", str(tmp_path)).returncode == 2  # a directory with no answers


def test_a_fork_server_killed_from_outside_is_a_clean_error(tmp_path):
    killer = tmp_path / "kills-the-server.rst"
    killer.write_text("Kills its fork server\n=====================\n\n.. code-block:: python\n\n"
                      "    import os, signal\n    os.kill(os.getppid(), signal.SIGKILL)\n")
    result = faq_check("run", str(killer), str(SAMPLES / "passes.rst"))
    assert result.returncode == 2
    assert "fork server stopped unexpectedly" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_is_walked_without_hidden_folders(tmp_path):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "other-project.rst").write_text((SAMPLES / "hangs.rst").read_text())
    (tmp_path / "passes.rst").write_text((SAMPLES / "passes.rst").read_text())
    result = faq_check("run", ".", "--format", "json", cwd=tmp_path)
    assert [a["path"] for a in json.loads(result.stdout)["answers"]] == ["./passes.rst"]


def test_a_document_without_examples_fails_unless_allow_empty(tmp_path):
    (tmp_path / "index.rst").write_text("Index\n=====\n\nOnly a table of contents.\n")
    assert faq_check("run", "index.rst", cwd=tmp_path).returncode == 1
    allowed = faq_check("run", "--allow-empty", "index.rst", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def _rows(stdout: str) -> list[str]:
    return [line.split()[-1] for line in stdout.splitlines() if line.startswith(("passed ", "timeout "))]


def test_rows_print_as_answers_finish_and_the_slowest_starts_first_next_time(tmp_path):
    slow = "Slow\n====\n\n.. code-block:: python\n\n    import time\n    time.sleep(1.5)\n"
    (tmp_path / "slow.rst").write_text(slow)
    (tmp_path / "quick.rst").write_text((SAMPLES / "passes.rst").read_text())  # the larger file
    first = faq_check("run", "slow.rst", "quick.rst", "--jobs", "1", cwd=tmp_path)
    assert _rows(first.stdout) == ["quick.rst", "slow.rst"]  # no record: the larger file first
    second = faq_check("run", "slow.rst", "quick.rst", "--jobs", "1", cwd=tmp_path)
    assert _rows(second.stdout) == ["slow.rst", "quick.rst"]  # 1.5 s last time
    both = faq_check("run", "slow.rst", "quick.rst", "--jobs", "2", cwd=tmp_path)
    assert _rows(both.stdout) == ["quick.rst", "slow.rst"]  # together: the quick one ends first
    report = json.loads(faq_check("run", "slow.rst", "quick.rst", "--format", "json", cwd=tmp_path).stdout)
    assert [a["path"] for a in report["answers"]] == ["slow.rst", "quick.rst"]  # as given


def test_a_terminal_gets_a_progress_line_and_a_pipe_does_not(tmp_path):
    import os
    import pty

    args = [sys.executable, "-m", "faq_checks", "run", str(SAMPLES / "passes.rst"),
            str(SAMPLES / "hangs.rst")]
    main, child = pty.openpty()
    with subprocess.Popen(args, stdout=child, stderr=subprocess.DEVNULL, cwd=tmp_path) as process:
        os.close(child)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    os.close(main)
    text = seen.decode()
    assert process.returncode == 1
    assert "\r\x1b[K[1/2]" in text and "running: hangs.rst" in text
    assert "1 of 2 answers passed" in text
    piped = faq_check("run", str(SAMPLES / "passes.rst"), str(SAMPLES / "hangs.rst"), cwd=tmp_path)
    assert "\x1b" not in piped.stdout and "\r" not in piped.stdout


def test_a_timeout_that_would_never_fire_is_a_usage_error():
    for value in ("nan", "inf", "-1", "1e300"):
        result = faq_check("run", "--timeout", value)
        assert result.returncode == 2, value
        assert "--timeout: must be a number of seconds above 0" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_fifo_named_like_an_answer_is_reported_not_waited_for(tmp_path):
    import os
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "passes.rst").write_text((SAMPLES / "passes.rst").read_text())
    os.mkfifo(tmp_path / "answers" / "x.rst")  # nobody ever writes to it
    result = faq_check("run", "answers", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "answers/x.rst:1: cannot read: not a regular file (a FIFO)" in result.stdout
    assert "1 of 2 answers passed" in result.stdout


def test_sandbox_options_are_checked_as_they_are_parsed(tmp_path):
    for option in (["--pass-env", "NOT-A-NAME"], ["--pass-env", "HOME"], ["--limit", "memory"],
                   ["--limit", "memroy=1G"], ["--limit", "cpu=0"], ["--limit", "processes=1G"]):
        result = faq_check("run", *option, str(SAMPLES / "passes.rst"), cwd=tmp_path)
        assert result.returncode == 2, (option, result.stdout)
        assert "argument --" in result.stderr and "Traceback" not in result.stderr


def test_pass_env_and_limit_reach_the_workers(tmp_path):
    import os
    env = {**os.environ, "FAQ_PASSED": "p", "FAQ_UNDECLARED": "u", "FAQ_DECLARED": "d"}
    result = subprocess.run([sys.executable, "-m", "faq_checks", "run", "--pass-env", "FAQ_PASSED",
                             "--limit", "open-files=77", str(SAMPLES / "needs-env.rst"),
                             str(SAMPLES / "shows-limits.rst")],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    for line in ("FAQ_DECLARED=d", "FAQ_PASSED=p", "FAQ_UNDECLARED=None", "open-files 77"):
        assert line in result.stdout, result.stdout
