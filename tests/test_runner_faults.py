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


def test_a_flood_without_newline_fails_that_answer_quickly(outcomes):
    outcome = outcomes[0]["floods-events"]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert "longer than 1048576 bytes" in outcome.examples[0].message


def test_forged_events_do_not_make_a_failing_answer_pass(outcomes):
    outcome = outcomes[0]["forges-events"]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert "did not write" in outcome.examples[0].message


def test_a_malformed_event_fails_that_answer_only(outcomes):
    outcome = outcomes[0]["malformed-event"]
    assert outcome.status == "crashed"
    assert "did not write" in outcome.examples[0].message


def test_closing_the_runners_descriptors_is_named_as_such(outcomes):
    outcome = outcomes[0]["closes-descriptors"]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert "closed or replaced the descriptor" in outcome.examples[0].message
    assert "os._exit" not in outcome.examples[0].message.split("(")[0]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 0.0])
def test_a_runner_refuses_a_timeout_that_would_never_fire(value):
    with pytest.raises(ValueError, match="above 0"):
        Runner(timeout=value)
    with Runner() as runner, pytest.raises(ValueError, match="above 0"):
        runner.submit(sample("passes"), timeout=value)
