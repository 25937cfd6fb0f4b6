"""How many answers and lint workers run at once, from the processors allowed."""

import os

import pytest

from faq_checks import cores
from faq_checks.run.client import default_jobs


@pytest.mark.parametrize(("allowed", "jobs"), [(1, 2), (2, 4), (3, 6), (4, 8), (64, 8)])
def test_answers_run_two_per_allowed_processor_at_most_eight(monkeypatch, allowed, jobs):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(allowed)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 128)
    assert default_jobs() == jobs


def test_the_affinity_mask_counts_rather_than_the_machine(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 32)
    assert cores.available_cores() == 1


def test_without_an_affinity_mask_the_machine_counts(monkeypatch):
    def unsupported(pid):
        raise OSError("not here")

    monkeypatch.setattr(os, "sched_getaffinity", unsupported, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert cores.available_cores() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert cores.available_cores() == 1
