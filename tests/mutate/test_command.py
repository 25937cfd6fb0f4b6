"""``faq-check mutate`` as a user runs it, on small answers whose proofs are weak or real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


def mutate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "faq_checks", "mutate", *args], capture_output=True,
                          text=True, timeout=300)


def report_of(*names: str, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    result = mutate(*(str(SAMPLES / f"{name}.rst") for name in names), "--format", "json", *extra)
    return result.returncode, json.loads(result.stdout)


def test_a_tautological_proof_is_reported_at_the_visible_sample():
    code, report = report_of("tautological")
    assert code == 1
    (answer,) = report["answers"]
    survivors = {(s["line"], s["operator"]) for s in answer["survivors"]}
    # The call, the capitals, the default, the name: none of it is checked.
    assert {(14, "delete-statement"), (11, "delete-statement"), (8, "flip-boolean"),
            (14, "change-string")} <= survivors, survivors
    assert all(8 <= line <= 14 for line, _ in survivors)
    assert answer["score"] < 0.5
    assert "-    greet(\"ada\")\n+    greet('ada-mutant')\n" in "".join(s["diff"] for s in answer["survivors"])


def test_a_real_proof_kills_every_mutant_of_its_sample_and_session():
    code, report = report_of("proven")
    (answer,) = report["answers"]
    assert code == 0, answer["survivors"]
    assert answer["score"] == 1.0 and answer["survived"] == 0 and answer["not_run"] == 0
    assert answer["mutants"] == answer["killed"] >= 10


def test_text_report_names_file_line_operator_and_diff():
    result = mutate(str(SAMPLES / "tautological.rst"))
    assert result.returncode == 1
    assert f"{SAMPLES / 'tautological.rst'}:8: mutant survived (flip-boolean): True -> False" in result.stdout
    assert "+    def greet(name, shout=False):" in result.stdout
    assert "tautological.rst" in result.stdout.splitlines()[-3]


def test_no_mutate_with_a_reason_leaves_the_block_alone_or_only_the_operators_it_names():
    code, report = report_of("marked")
    (answer,) = report["answers"]
    assert code == 0
    assert answer["no_mutate"] == [
        {"line": 8, "reason": "an illustration of layout: nothing here is claimed", "operators": []},
        {"line": 18, "reason": "the pause only paces the demonstration",
         "operators": ["change-number", "delete-statement"]}]
    # Only the second block's string is mutated, and its proof kills it.
    assert (answer["mutants"], answer["killed"]) == (1, 1)


def test_no_mutate_naming_an_operator_that_does_not_exist_is_an_error(tmp_path):
    typo = tmp_path / "typo.rst"
    typo.write_text((SAMPLES / "marked.rst").read_text().replace("change-number,", "change-numbr,"))
    result = mutate(str(typo))
    assert result.returncode == 2
    assert f"{typo}:14: no such mutation operator: change-numbr" in result.stderr


def test_no_mutate_without_a_reason_is_an_error_naming_its_line_and_the_rest_still_run():
    result = mutate(str(SAMPLES / "reasonless.rst"), str(SAMPLES / "proven.rst"), "--format", "json")
    assert result.returncode == 2
    assert f"{SAMPLES / 'reasonless.rst'}:4: '.. faq-check: no-mutate' needs a reason" in result.stderr
    assert "Traceback" not in result.stderr
    assert [a["path"] for a in json.loads(result.stdout)["answers"]] == [str(SAMPLES / "proven.rst")]


def test_a_spent_budget_leaves_mutants_not_run_and_fails():
    code, report = report_of("proven", extra=("--budget", "0.001"))
    assert code == 1
    assert report["summary"]["not_run"] == report["summary"]["mutants"] > 0


def test_an_answer_failing_unmutated_is_not_mutated(tmp_path):
    broken = tmp_path / "broken.rst"
    broken.write_text((SAMPLES / "proven.rst").read_text().replace('== "7 5.0\\n"', '== "8 5.0\\n"'))
    result = mutate(str(broken), "--format", "json")
    assert result.returncode == 1
    (answer,) = json.loads(result.stdout)["answers"]
    assert answer["status"] == "failed" and answer["mutants"] == 0


def test_usage_errors_exit_2():
    assert mutate("--max-per-answer", "0").returncode == 2
    empty = mutate(str(SAMPLES / "no-such-folder"))
    assert empty.returncode == 2


def test_progress_goes_to_stderr_one_line_per_answer_and_json_stays_clean():
    result = mutate(str(SAMPLES / "tautological.rst"), str(SAMPLES / "proven.rst"), "--format", "json")
    report = json.loads(result.stdout)  # nothing but the report on stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("faq-check mutate: ")]
    by_answer = {answer["path"]: answer for answer in report["answers"]}
    assert len(lines) == 2, result.stderr
    for answer in by_answer.values():
        expected = f"faq-check mutate: {answer['path']}: {answer['killed']} of {answer['mutants']} mutants killed"
        if answer["survived"]:
            expected += f", {answer['survived']} survived"
        assert expected in lines, (expected, lines)
