"""The runner's ``stop_at_failure``, which ``faq-check mutate`` uses: the first failure ends the answer."""

from __future__ import annotations

from pathlib import Path

from faq_checks.run.client import Runner

SAMPLE = str(Path(__file__).parent.parent / "samples" / "fails-assertion.rst")


def test_the_examples_after_the_first_failure_are_not_run_only_when_asked():
    with Runner(jobs=2) as runner:
        stopped, full = runner.submit(SAMPLE, stop_at_failure=True), runner.submit(SAMPLE)
        stopped, full = runner.outcome(stopped), runner.outcome(full)
    assert [e.status for e in stopped.examples] == ["passed", "failed", "not_run"]
    assert stopped.status == "failed" and [f.line for f in stopped.failures] == [10]
    assert [e.status for e in full.examples] == ["passed", "failed", "passed"]
