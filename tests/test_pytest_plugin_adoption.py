"""
The pytest plugin in a project that is not this one: installed through the
``pytest11`` entry point (no conftest.py names it), off until the ini file
sets ``faq_check_paths``, and running the docs as the project's tests would.
"""

from __future__ import annotations

import textwrap

import pytest

from faq_checks.run.namespaces import refused_here

pytest_plugins = ["pytester"]

DOCTEST_DOC = """\
Arithmetic
==========

.. doctest::

   >>> 1 + 1
   2
   >>> x = 3
   >>> x
   4
"""


def write(pytester: pytest.Pytester, name: str, text: str) -> None:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def write_guide(pytester: pytest.Pytester, code: str, fields: str = "") -> None:
    """docs/guide.rst: a title, ``fields`` and one Python code block holding ``code``."""
    body = textwrap.indent(textwrap.dedent(code), "    ")
    write(pytester, "docs/guide.rst", f"Guide\n=====\n\n{fields}\n.. code-block:: python\n\n{body}")


def test_installed_but_not_opted_in_changes_nothing(pytester):
    pytester.makeini("[pytest]\naddopts = -p no:cacheprovider\n")
    write(pytester, "docs/guide.rst", DOCTEST_DOC)
    write(pytester, "test_unit.py", "def test_one():\n    pass\n")
    result = pytester.runpytest_subprocess("-n", "2", "-v")
    result.assert_outcomes(passed=1)
    assert "LoadFileScheduling" not in result.stdout.str()  # xdist's own default stays


def test_the_ini_option_alone_runs_the_docs_in_workers(pytester):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\naddopts = -p no:cacheprovider\n")
    write_guide(pytester, """\
    import os
    assert os.getcwd() != ORIGINAL  # a worker's own directory, not pytest's
    """.replace("ORIGINAL", repr(str(pytester.path))))
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_pytests_doctest_plugin_keeps_off_a_named_document(pytester):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\naddopts = -p no:cacheprovider\n")
    write(pytester, "docs/guide.rst", DOCTEST_DOC.replace("   4\n", "   3\n"))
    result = pytester.runpytest_subprocess("docs/guide.rst", "-v")
    result.assert_outcomes(passed=3)  # three examples, each once, none by DoctestTextfile
    assert "[doctest]" not in result.stdout.str()


def test_doctest_examples_get_unique_ids_and_their_own_lines(pytester):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\naddopts = -p no:cacheprovider\n")
    write(pytester, "docs/guide.rst", DOCTEST_DOC)
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*guide.rst::line:6 PASSED*", "*guide.rst::line:8 PASSED*",
                                 "*guide.rst::line:9 FAILED*", "docs/guide.rst:9: *"])


def test_pythonpath_and_rootdir_reach_the_workers(pytester, monkeypatch):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\npythonpath = src\naddopts = -p no:cacheprovider\n")
    write(pytester, "src/mylib.py", "ANSWER = 42\n")
    write(pytester, "tools_at_root.py", "HELP = 'here'\n")
    write_guide(pytester, """\
    import mylib, tools_at_root
    assert mylib.ANSWER == 42 and tools_at_root.HELP == "here"
    """)
    monkeypatch.chdir(pytester.path / "docs")  # run from a subfolder: the rootdir still counts
    pytester.runpytest_subprocess(str(pytester.path / "docs" / "guide.rst")).assert_outcomes(passed=1)


def test_documents_without_examples_pass_unless_required(pytester):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\nfaq_check_require_examples = docs/howto\n"
                     "addopts = -p no:cacheprovider\n")
    write(pytester, "docs/index.rst", "Index\n=====\n\nJust prose.\n")
    write(pytester, "docs/howto/empty.rst", "Empty\n=====\n\nJust prose.\n")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*howto/empty.rst:1: no examples*"])


def test_an_invalid_timeout_setting_is_a_usage_error(pytester):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\nfaq_check_timeout = soon\n")
    write(pytester, "docs/index.rst", DOCTEST_DOC)
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*faq_check_timeout must be a number of seconds above 0 and at most 86400, not 'soon'*"])


def test_the_ini_file_passes_variables_and_sets_limits_for_the_workers(pytester, monkeypatch):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\nfaq_check_pass_env = FAQ_PASSED\n"
                     "faq_check_limits = open-files=77\naddopts = -p no:cacheprovider\n")
    monkeypatch.setenv("FAQ_PASSED", "p")
    monkeypatch.setenv("FAQ_DECLARED", "d")
    monkeypatch.setenv("FAQ_SECRET", "s")
    write_guide(pytester, """\
    import os, resource
    assert os.environ["FAQ_PASSED"] == "p" and os.environ["FAQ_DECLARED"] == "d"
    assert "FAQ_SECRET" not in os.environ
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == (77, 77)
    """, fields=":env: FAQ_DECLARED\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


@pytest.mark.parametrize("line, message", [
    ("faq_check_pass_env = NOT-A-NAME", "*faq_check_pass_env / faq_check_limits:*"),
    ("faq_check_limits = memroy=1G", "*faq_check_pass_env / faq_check_limits:*"),
    ("faq_check_sandbox = stirct", "*faq_check_sandbox must be default or strict, not 'stirct'*"),
])
def test_a_typo_in_the_sandbox_settings_is_a_usage_error(pytester, line, message):
    pytester.makeini(f"[pytest]\nfaq_check_paths = docs\n{line}\naddopts = -p no:cacheprovider\n")
    write(pytester, "docs/guide.rst", DOCTEST_DOC)
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


@pytest.mark.skipif(refused_here() is not None, reason="strict mode is refused here")
def test_the_strict_sandbox_keeps_the_rootdir_read_only(pytester):
    pytester.makeini("[pytest]\nfaq_check_paths = docs\nfaq_check_sandbox = strict\naddopts = -p no:cacheprovider\n")
    write_guide(pytester, """\
    import errno
    try:
        open(ROOT + "/planted.py", "w")
    except OSError as error:
        assert error.errno == errno.EROFS, error
    else:
        raise AssertionError("the rootdir is writable")
    """.replace("ROOT", repr(str(pytester.path))))
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert not (pytester.path / "planted.py").exists()
