"""The matrix folded from recorded runs: per answer, per example, works since / broke in."""

from faq_checks.matrix.aggregate import build, example_statuses, history
from matrix_runs import answer, column, info

A = "answers/core/a.rst"


def test_example_status_from_failure_lines_and_not_run_counts():
    lines = [10, 20, 30]
    # A failure on line 24 lies inside the example starting at line 20.
    assert example_statuses(lines, answer(A, "failed", [(24, "boom")])) == ["passed", "failed", "passed"]
    # A timeout in the second example: it failed, the third was not run.
    timed_out = answer(A, "timeout", [(21, "timed out")], not_run=1)
    assert example_statuses(lines, timed_out) == ["passed", "failed", "not_run"]
    assert example_statuses(lines, answer(A, "error", [(1, "cannot read")])) == ["not_run"] * 3
    # A run stopped before this answer ran (an interrupt, a killed fork server): nothing passed.
    stopped = answer(A, "not_run", [(1, "not run: the fork server stopped before it could run them")])
    assert example_statuses(lines, stopped) == ["not_run"] * 3
    # A failure above the first example (the answer as a whole) marks no example.
    assert example_statuses(lines, answer(A, "failed", [(1, "no examples")])) == ["passed"] * 3


def test_history_works_since_broke_in_fixed_in():
    results = {"24.3.0": "passed", "23.10.0": "failed", "23.8.0": "failed", "22.10.0": "passed",
               "24.11.0": "passed"}
    assert history(results) == {"works_since": "24.3.0", "broke_in": ["23.8.0"], "fixed_in": ["24.3.0"]}
    assert history({"24.11.0": "passed", "26.10.0": "failed"}) == {
        "works_since": None, "broke_in": ["26.10.0"], "fixed_in": []}
    # A release whose env did not build has no say.
    assert history({"22.10.0": "failed", "23.8.0": "missing", "24.3.0": "passed"})["works_since"] == "24.3.0"
    # Releases order as versions, not as text ("9.0" before "10.0").
    assert history({"10.0.0": "passed", "9.0.0": "failed"})["works_since"] == "10.0.0"


def test_build_shape_per_answer_and_per_example():
    columns = [column("25.5.0", answer(A, "failed", [(21, "AssertionError: old")])),
               column("24.11.0", answer(A, "failed", [(21, "AssertionError: old")])),
               column("26.10.0", answer(A)),
               column("20.3.0", state="install-failed")]
    document = build(columns, {A: info()})
    assert [r["release"] for r in document["releases"]] == ["20.3.0", "24.11.0", "25.5.0", "26.10.0"]
    assert document["releases"][0]["state"] == "install-failed"
    assert "No matching" in document["releases"][0]["error"]
    assert document["releases"][-1]["summary"] == {"answers": 1, "passed": 1, "failed": 0}
    (row,) = document["answers"]
    assert row["results"] == {"24.11.0": "failed", "25.5.0": "failed", "26.10.0": "passed"}
    assert row["works_since"] == "26.10.0" and row["broke_in"] == [] and row["fixed_in"] == ["26.10.0"]
    assert row["failures"]["24.11.0"] == [{"line": 21, "message": "AssertionError: old"}]
    assert "26.10.0" not in row["failures"]
    first, second, third = row["examples"]
    assert first["line"] == 10 and first["works_since"] == "24.11.0"
    assert second["results"]["25.5.0"] == "failed" and second["works_since"] == "26.10.0"
    assert third["works_since"] == "24.11.0"


def test_an_answer_missing_from_one_run_is_missing_there():
    other = "answers/core/b.rst"
    document = build([column("24.11.0", answer(A)), column("26.10.0", answer(A), answer(other))],
                     {A: info(), other: info()})
    row = next(r for r in document["answers"] if r["path"] == other)
    assert row["results"] == {"24.11.0": "missing", "26.10.0": "passed"}
    assert row["works_since"] == "26.10.0"
    assert row["examples"][0]["results"]["24.11.0"] == "missing"
