"""--since X for run and lint: only what became stale after release X."""

import json

import pytest

from faq_checks.cli import main
from faq_checks.lint.model import Finding, Severity
from faq_checks.since import answers_after, findings_after, since_release

ANSWER = """\
Question?
=========

:status: corrected
:changed-in: {}

Text.

.. code-block:: python

    assert True
"""


def answers(tmp_path):
    new, old = tmp_path / "new.rst", tmp_path / "old.rst"
    new.write_text(ANSWER.format("24.3.0 (something changed)"))
    old.write_text(ANSWER.format("11.0.0 (long ago)"))
    return str(new), str(old)


def test_answers_changed_after_a_release(tmp_path):
    new, old = answers(tmp_path)
    assert answers_after([new, old], since_release("20.3.0")) == [new]
    assert answers_after([new, old], since_release("24.3.0")) == []
    assert answers_after([new, old], since_release("10.0")) == [new, old]


def test_the_matrix_adds_the_releases_an_answer_broke_or_was_fixed_in(tmp_path):
    new, old = answers(tmp_path)
    matrix = tmp_path / "matrix.json"
    matrix.write_text(json.dumps({"answers": [{"path": old, "broke_in": ["23.8.0"], "fixed_in": ["24.3.0"]}]}))
    assert answers_after([new, old], since_release("24.3.0"), str(matrix)) == []
    assert answers_after([new, old], since_release("23.10.0"), str(matrix)) == [new, old]


def finding(code, message="m"):
    return Finding("a.rst", 1, 1, code, Severity.WARNING, message)


def test_findings_by_the_release_they_are_about():
    found = [finding("STL001"),  # mktap: stale since 11.1.0
             finding("STL003"),  # lore: 15.3.0
             finding("API002", "twisted.x.y is deprecated since Twisted 24.7.0; use z"),
             finding("API003", "twisted.x.y was removed in Twisted 16.0.0; instead: z"),
             finding("REF001", "no such label")]
    assert [f.code for f in findings_after(found, since_release("11.0.0"))] == ["STL001", "STL003", "API002", "API003"]
    assert [f.code for f in findings_after(found, since_release("15.3.0"))] == ["API002", "API003"]
    assert [f.code for f in findings_after(found, since_release("20.0"))] == ["API002"]


def test_cli_since(tmp_path, capsys):
    stale = tmp_path / "stale.rst"
    stale.write_text("Old advice\n==========\n\nI run mktap and nothing happens!\n")
    assert main(["lint", "--no-config", "--since", "10.0", str(stale)]) == 1
    assert "STL001" in capsys.readouterr().out
    assert main(["lint", "--no-config", "--since", "12.0", str(stale)]) == 0
    assert main(["lint", "--since", "banana", str(stale)]) == 2
    assert "not a release" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # argparse, as for any bad run option
        main(["run", "--since", "banana", str(stale)])
    assert usage.value.code == 2
