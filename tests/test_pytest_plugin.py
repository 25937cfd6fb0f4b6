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
