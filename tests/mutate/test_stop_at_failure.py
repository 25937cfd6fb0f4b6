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


def test_first_finished_does_not_wait_behind_a_slow_answer():
    """What mutate's window relies on: a hanging answer submitted first does not hold up the quick ones."""
    samples = Path(__file__).parent.parent / "samples"
    with Runner(jobs=2) as runner:
        hanging = runner.submit(str(samples / "hangs.rst"), timeout=4)
        quick = [runner.submit(str(samples / "passes.rst")) for _ in range(3)]
        order = [runner.first_finished({hanging, *quick})[0] for _ in range(2)]
        assert set(order) <= set(quick), order
        rest = {hanging, *quick} - set(order)
        finished = [runner.first_finished(rest) for _ in range(2)]
    assert finished[-1][0] == hanging and finished[-1][1].status == "timeout", finished
