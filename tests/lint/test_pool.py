"""
Files handed out one at a time to this process and forked workers
(:mod:`faq_checks.lint.pool`): every result, in file order, whoever checked
it; nothing lost when a worker dies; no worker left behind.
"""

from __future__ import annotations

import os
import time

import pytest

from faq_checks.lint import pool

PATHS = [f"page{number:03d}.rst" for number in range(120)]


def _who(path: str) -> tuple[str, int]:
    time.sleep(0.002)  # as a document takes time to check: else the first worker takes every file at once
    return path, os.getpid()


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The pids of the workers a test's pool forks."""
    pids: list[int] = []
    real = pool._fork_worker

    def recorded(*args):
        pipe, pid = real(*args)
        pids.append(pid)
        return pipe, pid

    monkeypatch.setattr(pool, "_fork_worker", recorded)
    return pids


def _reaped(pids: list[int]) -> bool:
    """Every one of them ended and waited for (no zombie, no worker still running)."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return bool(pids)


def test_every_result_comes_back_in_file_order_from_this_process_and_its_workers(forked):
    results = list(pool.checked_in_order(PATHS, 3, _who))
    assert [path for path, _ in results] == PATHS
    pids = {pid for _, pid in results}
    assert len(forked) == 2 and os.getpid() in pids and pids & set(forked)  # this process and its workers
    assert _reaped(forked)


def test_a_worker_that_dies_loses_no_file(forked):
    parent = os.getpid()

    def dies_on_the_tenth(path: str) -> tuple[str, int]:
        if os.getpid() != parent and path == PATHS[10]:
            os._exit(3)  # as a segfault or the OOM killer would end it: no word to the parent
        return path, os.getpid()

    results = list(pool.checked_in_order(PATHS, 2, dies_on_the_tenth))
    assert [path for path, _ in results] == PATHS
    assert _reaped(forked)


def test_an_error_in_a_worker_is_the_error_this_process_meets_checking_that_file(forked):
    def broken(path: str) -> str:
        if path == PATHS[50]:
            raise ValueError(f"cannot check {path}")
        return path

    with pytest.raises(ValueError, match="cannot check page050.rst"):
        list(pool.checked_in_order(PATHS, 2, broken))
    assert _reaped(forked)


def test_a_run_stopped_early_ends_its_workers(forked):
    results = pool.checked_in_order(PATHS, 3, _who)
    assert next(results)[0] == PATHS[0]
    results.close()  # ^C in the caller, or a consumer that stops reading
    assert _reaped(forked)


def test_more_files_than_the_task_pipe_holds_go_out_in_chunks():
    count = 100_000  # 400 kB of indices: more than a pipe holds (64 kB unless widened)
    tasks, chunk = pool._task_pipe(count)
    try:
        starts = list(iter(lambda: pool._take(tasks), None))
    finally:
        os.close(tasks)
    assert chunk > 1 and starts == list(range(0, count, chunk))


def test_one_index_per_file_when_they_fit():
    tasks, chunk = pool._task_pipe(len(PATHS))
    try:
        assert chunk == 1 and list(iter(lambda: pool._take(tasks), None)) == list(range(len(PATHS)))
    finally:
        os.close(tasks)
