"""The pytest side: one item per example, reported at its line, under -n 2 too."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import SAMPLES

pytest_plugins = ["pytester"]


@pytest.fixture
def project(pytester: pytest.Pytester):
    pytester.makeconftest('pytest_plugins = ["faq_checks.pytest_plugin"]\n')
    pytester.makeini("[pytest]\nfaq_check_paths = answers\nfaq_check_require_examples = answers\n"
                     "addopts = -p no:cacheprovider\n")
    (pytester.path / "answers").mkdir()

    def add(*names: str) -> None:
        for name in names:
            shutil.copy(SAMPLES / f"{name}.rst", pytester.path / "answers" / f"{name}.rst")

    pytester.add = add
    return pytester


def test_each_example_is_an_item_with_its_own_result(project):
    project.add("passes", "fails-assertion", "exits")
    result = project.runpytest_subprocess("-rA")
    result.assert_outcomes(passed=4, failed=2, skipped=1)
    result.stdout.fnmatch_lines([
        "answers/exits.rst:4: the worker exited with status 3*",
        "answers/fails-assertion.rst:10: Traceback*",
        "SKIPPED*not run: the answer crashed before this example*",
    ])


def test_a_parse_error_is_one_clean_failure(project):
    project.add("malformed", "passes")
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*malformed.rst:4: *couldn't find the start of the block*"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_an_answer_without_examples_fails(project):
    (project.path / "answers" / "empty.rst").write_text("Empty\n=====\n\nJust prose.\n")
    result = project.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*empty.rst:1: no examples*"])


def test_leftover_processes_fail_the_last_item(project):
    project.add("leaves-child")
    result = project.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*left 1 process(es) running, now killed*"])


def test_two_xdist_workers_each_answer_whole_on_one(project):
    project.add("passes", "installs-reactor", "sys-exit", "fails-assertion")
    result = project.runpytest_subprocess("-n", "2")
    result.assert_outcomes(passed=7, failed=2)


def test_xdist_keeps_each_file_on_one_worker_unless_told_otherwise(project):
    project.add("passes")
    assert "LoadFileScheduling" in project.runpytest_subprocess("-n", "2", "-v").stdout.str()
    assert "LoadScheduling" in project.runpytest_subprocess("-n", "2", "-v", "--dist", "load").stdout.str()


def _answers_that_log_each_run(project, log, count: int) -> None:
    for number in range(count):
        (project.path / "answers" / f"logs-{number}.rst").write_text(
            f"Logs run {number}\n{'=' * 20}\n\n.. code-block:: python\n\n"
            f"    with open({str(log)!r}, 'a') as log:\n"
            f"        log.write('logs-{number}\\n')\n\n"
            ".. code-block:: python\n\n    assert True\n")


@pytest.mark.parametrize("workers", [[], ["-n", "2"]])
def test_each_answer_runs_exactly_once(project, tmp_path, workers):
    # The side channel: each answer appends its name to a log outside pytest.
    log = tmp_path / "runs.log"
    _answers_that_log_each_run(project, log, 6)
    result = project.runpytest_subprocess(*workers)
    result.assert_outcomes(passed=12)
    assert sorted(log.read_text().split()) == [f"logs-{n}" for n in range(6)]


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "0"])
def test_a_faq_timeout_that_would_never_fire_is_a_usage_error(project, value):
    project.add("passes")
    result = project.runpytest_subprocess(f"--faq-timeout={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--faq-timeout: must be a number of seconds above 0*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_an_answer_that_becomes_unreadable_after_collection_fails_each_item_cleanly(project):
    # After collection the answer becomes a FIFO nobody writes to: the worker
    # refuses it at once (it once blocked opening it until the timeout, and
    # before that the plugin raised IndexError).
    project.add("passes")
    project.makeconftest(
        'pytest_plugins = ["faq_checks.pytest_plugin"]\n'
        "import os\n"
        "def pytest_collection_finish(session):\n"
        "    for item in session.items:\n"
        "        if os.path.isfile(item.path):\n"
        "            os.unlink(item.path)\n"
        "            os.mkfifo(item.path)\n")
    result = project.runpytest_subprocess("--faq-timeout=30", timeout=120)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*passes.rst:1: *cannot read: not a regular file (a FIFO)*"])
    assert "timed out" not in result.stdout.str()
    assert "IndexError" not in result.stdout.str() and "INTERNALERROR" not in result.stdout.str()
