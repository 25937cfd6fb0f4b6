"""How an answer file becomes examples and metadata."""

from __future__ import annotations

import pytest

from faq_checks.run.samples import AnswerError, env_of, fields_of, parse_answer, title_of

ANSWER = """.. _label:

The question?
=============

:section: Core Twisted
:status: corrected
:timeout: 5

Some prose.

.. code-block:: python

    x = 1

.. invisible-code-block: python

    assert x == 1

.. code-block:: console

    $ not run

:status: a later field list does not count
"""


def test_title_fields_and_examples(tmp_path):
    path = tmp_path / "a.rst"
    path.write_text(ANSWER)
    answer = parse_answer(str(path))
    assert answer.title == "The question?"
    assert answer.fields["status"] == "corrected"
    assert answer.timeout == 5.0
    assert answer.lines == [12, 16]  # console blocks do not run


def test_title_of_skips_overlines_and_needs_an_underline():
    assert title_of("=====\nTitle\n=====\n\ntext\n") == "Title"
    assert title_of("no title here\n") == ""


def test_first_field_wins():
    assert fields_of(":a: one\n\n:a: two\n") == {"a": "one"}


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan", "inf", "-inf", "1e300"])
def test_a_bad_timeout_names_its_line(tmp_path, value):
    path = tmp_path / "a.rst"
    path.write_text(f"T\n=\n\n:timeout: {value}\n")
    with pytest.raises(AnswerError, match=rf"a.rst:4: :timeout: must be a number of seconds above 0 and at most 86400, not '{value}'"):
        parse_answer(str(path))


def test_the_env_field_lists_names_separated_by_spaces_or_commas(tmp_path):
    path = tmp_path / "a.rst"
    path.write_text("T\n=\n\n:env: LANG, FAQ_ONE  FAQ_TWO\n\n.. code-block:: python\n\n    pass\n")
    assert env_of(parse_answer(str(path)).fields) == ("LANG", "FAQ_ONE", "FAQ_TWO")


@pytest.mark.parametrize("value, why", [("NOT-A-NAME", "is not an environment variable name"),
                                        ("1ST", "is not an environment variable name"),
                                        ("HOME", "always the worker's own directory"),
                                        (",", "names no variable")])
def test_a_bad_env_field_names_its_line(tmp_path, value, why):
    path = tmp_path / "a.rst"
    path.write_text(f"T\n=\n\n:timeout: 5\n:env: {value}\n")
    with pytest.raises(AnswerError, match=rf"a.rst:5: :env: .*{why}"):
        parse_answer(str(path))
