"""
A project's own catalogue rules cannot hang the linter: regexes that
backtrack exponentially are refused when the catalogue loads (file:line,
exit 2), and the rest run in a child that is killed at a deadline, naming
the rule, while every other finding of the document is kept.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import re
import tomllib

import pytest

from faq_checks.lint.catalogue import CatalogueError, builtin_catalogue, load_catalogue
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.cli import main
from faq_checks.lint.engine import lint_text
from faq_checks.lint.regexguard import RuleTooSlow, match_starts
from faq_checks.lint.regexshape import dangerous


@pytest.fixture(autouse=True)
def no_child_left():
    """Every guard child a test starts is gone when it ends; children of earlier tests' guards
    that are not collected yet (their owner is garbage in a cycle) are not this test's."""
    gc.collect()
    before = set(multiprocessing.active_children())
    yield
    assert set(multiprocessing.active_children()) - before == set()


RULE = """\
[tool.faq-check]
select = ["STL", "ACME"]

[[tool.faq-check.catalogue]]
code = "ACME001"
title = "our old host"
match = '{match}'
where = "prose"
message = "Use the new host."
stale_since = "2024-01-01"
severity = "error"
fixture_match = "{fixture}"
fixture_clean = "see new.example.com"
"""


@pytest.mark.parametrize("source", [r"(a+)+$", r"(a|a)*b", r"(?:ab|a)*c", r"(?:\w+\s?)*x", r"(x+x+)+y",
                                    r"(.*a){12}", r"(?:[a-z]+\.)*com"])
def test_shapes_that_backtrack_exponentially_are_named(source):
    assert dangerous(re.compile(source))


@pytest.mark.parametrize("source", [r"\bmktap\b", r"(a++)+", r"(?>a+)+", r"(?:ab|cd)*", r"(\s|\w)*x",
                                    r"(?:\w+\W+){0,2}defaults", r"(?:[^\"\\]|\\.)*"])
def test_linear_and_guarded_shapes_pass(source):
    assert dangerous(re.compile(source)) == ""


def test_every_built_in_rule_passes_the_shape_check():
    for entry in builtin_catalogue().entries:
        for pattern in (entry.pattern, entry.preceded, entry.followed):
            assert pattern is None or dangerous(pattern) == "", entry.code


def test_a_dangerous_project_rule_is_refused_with_its_file_and_line(tmp_path):
    text = RULE.format(match=r"(\w+\.?)+example", fixture="see old.example.com")
    with pytest.raises(CatalogueError, match=r"pyproject\.toml:7: entry ACME001: match: can take exponential time"):
        load_catalogue(tomllib.loads(text)["tool"]["faq-check"]["catalogue"], "pyproject.toml", text)


def test_the_cli_exits_2_on_a_dangerous_project_rule_without_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(RULE.format(match=r"(a|ab)*z", fixture="abz"))
    (tmp_path / "page.rst").write_text("Page\n====\n\nRun mktap.\n")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["page.rst"], stdout=out, stderr=err) == 2
    assert "pyproject.toml:7: entry ACME001: match: can take exponential time" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_a_slow_project_rule_is_stopped_at_the_deadline_and_named_and_the_rest_is_kept(tmp_path):
    # Four repeats in a row: not nested, so the shape check lets it through, yet
    # O(n**4) on a run of "a" (300 of them take minutes).
    text = RULE.format(match="a*a*a*a*b", fixture="aab")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(text)
    settings = {"catalogue": tomllib.loads(text)["tool"]["faq-check"]["catalogue"], "config_path": str(pyproject),
                "rule_deadline": 0.5}
    page = "Title\n=====\n\nRun mktap first.\n\n" + "a" * 300 + "\n"
    from faq_checks.lint.engine import run_checks
    from faq_checks.lint.document import parse_text
    findings, errors = run_checks([parse_text("page.rst", page)], settings, [check_stale])
    assert [(f.code, f.line) for f in findings] == [("STL001", 4)]
    assert len(errors) == 1 and "page.rst: the project's rule ACME001 took more than 0.5 s" in errors[0]


def test_project_rules_under_the_guard_find_what_they_find_in_process():
    pattern = re.compile(r"old\.example\.com")
    texts = ["see old.example.com and old.example.com", "nothing", ""]
    assert match_starts([("ACME001", pattern)], texts) == [[[4, 24]], [[]], [[]]]


def test_the_guard_names_the_rule_it_was_on():
    slow = [("FAST001", re.compile("x")), ("SLOW001", re.compile("a*a*a*a*b"))]
    with pytest.raises(RuleTooSlow) as stopped:
        match_starts(slow, ["a" * 300], deadline=0.3)
    assert stopped.value.code == "SLOW001"


def test_a_project_rule_still_reports_at_its_place():
    text = RULE.format(match=r"old\.example\.com", fixture="see old.example.com")
    settings = {"catalogue": tomllib.loads(text)["tool"]["faq-check"]["catalogue"], "config_path": "pyproject.toml"}
    findings = lint_text("Title\n=====\n\nSee old.example.com today.\n", settings=settings, checks=[check_stale])
    assert [(f.code, f.line, f.column) for f in findings] == [("ACME001", 4, 5)]


def test_after_a_deadline_a_fresh_child_serves_the_next_document():
    from faq_checks.lint.regexguard import Guard
    guard = Guard([("SLOW001", re.compile("a*a*a*a*b"))])
    with pytest.raises(RuleTooSlow):
        guard.starts(["a" * 300], deadline=0.3)
    assert guard.starts(["aab", "b"]) == [[[0]], [[0]]]
    guard.close()


def test_the_child_ends_with_the_run_that_started_it():
    text = RULE.format(match=r"old\.example\.com", fixture="see old.example.com")
    settings = {"catalogue": tomllib.loads(text)["tool"]["faq-check"]["catalogue"], "config_path": "pyproject.toml"}
    assert lint_text("Title\n=====\n\nSee old.example.com.\n", settings=settings, checks=[check_stale])
    import gc
    gc.collect()
