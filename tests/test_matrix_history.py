"""Matrix history against ``:changed-in:``: each kind of mismatch, and agreement."""

from faq_checks.matrix.aggregate import build
from faq_checks.matrix.history import changed_in_versions, mismatches
from matrix_runs import answer, column, info

A = "answers/core/a.rst"
RELEASES = ("22.10.0", "23.8.0", "23.10.0", "24.3.0", "24.11.0")


def row_for(statuses: dict, changed_in: str) -> dict:
    columns = [column(r, answer(A, statuses.get(r, "passed"),
                                [(20, "x")] if statuses.get(r, "passed") != "passed" else []))
               for r in RELEASES]
    return build(columns, {A: info(changed_in)})["answers"][0]


def kinds(statuses: dict, changed_in: str) -> list[str]:
    return [m["kind"] for m in mismatches(row_for(statuses, changed_in))]


def test_versions_read_from_changed_in():
    assert [str(v) for v in changed_in_versions(
        {"changed-in": "16.3.0 (git), 22.8.0 (GitHub) and 9.0.0"})] == ["9.0.0", "16.3.0", "22.8.0"]
    assert changed_in_versions({"changed-in": "No single release."}) == []


def test_passing_everywhere_with_an_old_change_agrees():
    assert kinds({}, "11.0.0 (address objects)") == []
    assert kinds({}, "No single release.") == []


def test_late_when_changed_in_does_not_explain_the_failures():
    late = {"22.10.0": "failed", "23.8.0": "failed"}
    assert kinds(late, "11.0.0 (old)") == ["late"]
    (found,) = mismatches(row_for(late, "11.0.0 (old)"))
    assert found["path"] == A and "since 23.10.0" in found["message"] and "23.8.0" in found["message"]
    assert kinds(late, "23.10.0 (the change)") == []


def test_regression_needs_a_mention():
    dip = {"23.8.0": "failed", "23.10.0": "failed"}
    assert kinds(dip, "11.0.0") == ["regression"]
    assert kinds(dip, "11.0.0; 23.8.0 to 24.3.0 (env=None broke)") == []


def test_blind_when_the_proof_passes_before_the_change():
    assert kinds({}, "24.3.0 (something changed)") == ["blind"]
    # Failing before it, passing from it: the proof shows the change.
    assert kinds({"22.10.0": "failed", "23.8.0": "failed", "23.10.0": "failed"}, "24.3.0") == []
    # A change newer than anything tested cannot be judged.
    assert kinds({}, "27.1.0") == []
