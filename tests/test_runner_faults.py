"""
The runner when an answer attacks it: its process group, its events pipe,
its descriptors.  Each sample runs beside an innocent answer, which must
still pass: a fault fails its own answer only.
"""

from __future__ import annotations

import pytest

from faq_checks.run.client import Runner
from tests.helpers import sample, statuses

HOSTILE = ["joins-parent-group", "floods-events", "forges-events", "malformed-event",
           "closes-descriptors"]


@pytest.fixture(scope="module")
def outcomes():
    names = ["passes", *HOSTILE, "passes"]
    with Runner(jobs=2) as runner:
        results = list(runner.run([sample(name) for name in names]))
    return dict(zip(names, results)), results


def test_innocent_answers_around_the_hostile_ones_pass(outcomes):
    _, results = outcomes
    assert [results[0].status, results[-1].status] == ["passed", "passed"]


def test_an_answer_in_its_parents_group_still_times_out(outcomes):
    outcome = outcomes[0]["joins-parent-group"]
    assert outcome.status == "timeout"
    assert outcome.seconds < 10  # :timeout: 2, a dump grace and a kill, not for ever


@pytest.mark.parametrize("name, reason", [
    ("floods-events", "longer than 1048576 bytes"),  # 64 MiB, no newline: refused at 1 MiB
    ("forges-events", "did not write"),  # "passed" written on the pipe by the answer itself
    ("malformed-event", "did not write"),  # once crashed the server and blamed other answers
    ("closes-descriptors", "closed or replaced the descriptor"),  # not "os._exit"
])
def test_tampering_with_the_runner_crashes_that_answer_with_the_reason(outcomes, name, reason):
    outcome = outcomes[0][name]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert reason in outcome.examples[0].message
    assert "os._exit" not in outcome.examples[0].message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 0.0])
def test_a_runner_refuses_a_timeout_that_would_never_fire(value):
    with pytest.raises(ValueError, match="above 0"):
        Runner(timeout=value)
    with Runner() as runner, pytest.raises(ValueError, match="above 0"):
        runner.submit(sample("passes"), timeout=value)
