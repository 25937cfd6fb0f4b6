"""
The fork server's spare workers: forked and set up before their answer is
known, and held to everything a worker forked for its answer was held to.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from types import SimpleNamespace

from faq_checks.run import cgroups, processes, spares
from faq_checks.run.client import Runner
from tests.helpers import alive, sample

SLEEPS = """Sleeps
======

.. code-block:: python

    import time
    time.sleep({seconds})
"""


def idle_children(server: int, count: int, wait: float = 30.0) -> list[int]:
    """The server's children once there are ``count`` (with no answer running, its spares), sorted."""
    deadline = time.monotonic() + wait
    while True:
        children = sorted(processes.process_tree().get(server, []))
        if len(children) == count or time.monotonic() > deadline:
            return children
        time.sleep(0.02)


def test_spares_that_died_while_waiting_are_replaced():
    with Runner(jobs=1) as runner:
        (first,) = runner.run([sample("passes")])
        assert first.status == "passed", first.failures
        server = runner._server.pid
        waiting = idle_children(server, spares.wanted(1))
        assert len(waiting) == spares.wanted(1), "no spare workers wait for answers"
        for pid in waiting:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while set(idle_children(server, spares.wanted(1))) & set(waiting) and time.monotonic() < deadline:
            time.sleep(0.02)
        replaced = idle_children(server, spares.wanted(1))
        assert len(replaced) == spares.wanted(1) and not set(replaced) & set(waiting)
        (outcome,) = runner.run([sample("passes")])
    assert outcome.status == "passed", outcome.failures


#: pidfd_getfd(2)'s number, the same on every architecture since Linux 5.6.
SYS_PIDFD_GETFD = 438


def unread_on_handoff(pid: int) -> int:
    """
    Bytes waiting unread on a (stopped) spare's hand-off, its only stream
    socket (its events channel is a packet socket): the server's request,
    once it handed it one.  Read from a duplicate of the spare's descriptor.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        for name in os.listdir(f"/proc/{pid}/fd"):
            if not os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                continue
            fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(name), 0)
            if fd < 0:
                raise OSError(ctypes.get_errno(), f"pidfd_getfd of fd {name} of spare {pid}")
            with socket.socket(fileno=fd) as duplicate:
                if duplicate.type == socket.SOCK_STREAM:
                    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0]
        raise AssertionError(f"spare {pid} has no hand-off socket")
    finally:
        os.close(pidfd)


def test_a_spare_that_dies_before_it_took_its_answer_gives_it_to_another():
    with Runner(jobs=1) as runner:
        (first,) = runner.run([sample("passes")])
        server = runner._server.pid
        waiting = idle_children(server, spares.wanted(1))
        assert len(waiting) == spares.wanted(1), "no spare workers wait for answers"
        for pid in waiting:
            os.kill(pid, signal.SIGSTOP)  # alive and ready, but it will never read its answer
        try:
            ticket = runner.submit(sample("passes"))
            # Observed, not assumed: the request sits unread in a stopped spare's
            # hand-off, so the answer was handed and not yet taken when it dies.
            deadline = time.monotonic() + 30
            while not (handed := [pid for pid in waiting if unread_on_handoff(pid)]):
                assert time.monotonic() < deadline, "the server never handed the answer to a stopped spare"
                time.sleep(0.02)
        finally:
            for pid in waiting:
                os.kill(pid, signal.SIGKILL)
        outcome = runner.outcome(ticket)
    assert len(handed) == 1, handed
    assert outcome.status == "passed", outcome.failures  # run by a spare forked later


def test_a_stopped_server_leaves_no_spare_and_no_cgroup(tmp_path):
    server = subprocess.Popen([sys.executable, "-m", "faq_checks.run.forkserver", "2"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        server.stdin.write(json.dumps({"id": 1, "path": sample("passes"), "timeout": 30}) + "\n")
        server.stdin.flush()
        assert json.loads(server.stdout.readline())["outcome"]["status"] == "passed"
        waiting = idle_children(server.pid, spares.wanted(2))
        assert len(waiting) == spares.wanted(2), "no spare workers wait for answers"
        trees = cgroups.left_by(server.pid)
        server.stdin.close()  # end of input: stop
        assert server.wait(timeout=30) == 0
    finally:
        server.kill()
        server.wait()
    assert not [pid for pid in waiting if alive(pid)]
    assert cgroups.left_by(server.pid) == []
    assert not [tree.path for tree in trees if os.path.exists(tree.path)]


def test_an_answers_timeout_counts_from_its_start_not_from_its_spares_fork(tmp_path):
    answer = tmp_path / "sleeps.rst"
    answer.write_text(SLEEPS.format(seconds=0.3))
    with Runner(jobs=1) as runner:
        (first,) = runner.run([sample("passes")])
        idle_children(runner._server.pid, spares.wanted(1))
        time.sleep(2.0)  # the spares have waited longer than the next answer may take
        outcome = runner.outcome(runner.submit(str(answer), timeout=1.5))
    assert outcome.status == "passed", outcome.failures
    assert 0.3 <= outcome.seconds < 1.5  # its own time, not the time since its worker was forked


def ended_spare() -> spares.Spare:
    """A ready spare whose process has ended (not yet reaped), as the server may find one."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    pidfd = os.pidfd_open(child.pid)
    child.wait()  # reaped here; its pidfd still says it ended
    server_end, spare_end = spares.channel()
    os.close(spare_end)
    job = SimpleNamespace(pid=child.pid, pidfd=pidfd, absolute_path="", assign=lambda request: None)
    return spares.Spare(job, server_end, ready=True)


def test_a_spare_whose_process_ended_is_never_taken():
    pool = spares.SparePool(1)
    spare = ended_spare()
    try:
        pool.add(spare)
        assert pool.take() is None and pool.spares  # left for its pidfd's news to remove
    finally:
        spare.close()
        os.close(spare.job.pidfd)


def test_a_spare_that_died_as_it_was_handed_its_answer_gives_it_back():
    spare = ended_spare()
    request = {"id": 1, "path": "answer.rst", "timeout": 5, "env": {"TOKEN": "value"}}
    try:
        assert not spare.hand(request)
        assert not spare.ready and not spare.heard()  # not to be taken again; its end is closed
        assert request["env"] == {"TOKEN": "value"}  # for the spare that runs it instead
    finally:
        spare.close()
        os.close(spare.job.pidfd)


def test_a_server_stopped_while_an_answer_is_not_yet_taken_still_stops(tmp_path):
    server = subprocess.Popen([sys.executable, "-m", "faq_checks.run.forkserver", "1"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        request = json.dumps({"id": 1, "path": sample("passes"), "timeout": 30}) + "\n"
        server.stdin.write(request)
        server.stdin.flush()
        assert json.loads(server.stdout.readline())["outcome"]["status"] == "passed"
        waiting = idle_children(server.pid, spares.wanted(1))
        for pid in waiting:
            os.kill(pid, signal.SIGSTOP)  # it will never take its answer
        server.stdin.write(request.replace('"id": 1', '"id": 2'))
        server.stdin.flush()
        time.sleep(1.0)  # sent to one of them (the server hands it on at once)
        server.stdin.close()  # stop: the answer sent but not taken is not queued again
        assert server.wait(timeout=20) == 0
        assert server.stdout.read() == ""  # no outcome for it: the client says "not run"
    finally:
        server.kill()
        server.wait()
    assert not [pid for pid in waiting if alive(pid)]


DECLARES = """Declares a secret
=================

:env: FAQ_SPARE_SECRET

.. code-block:: python

    import os
    assert os.environ["FAQ_SPARE_SECRET"] == "s3cr3t-of-the-first-answer"
"""

LOOKS = """Looks for another answer's secret
=================================

.. code-block:: python

    import gc
    from faq_checks.run.supervision import Job
    found = [o for o in gc.get_objects() if isinstance(o, dict) and "FAQ_SPARE_SECRET" in o]
    found += [o.request for o in gc.get_objects() if isinstance(o, Job) and "env" in o.request]
    assert found == [], found
"""


def test_a_spare_forked_as_another_answer_starts_holds_none_of_its_env_values(tmp_path, monkeypatch):
    monkeypatch.setenv("FAQ_SPARE_SECRET", "s3cr3t-of-the-first-answer")
    (tmp_path / "declares.rst").write_text(DECLARES)
    (tmp_path / "looks.rst").write_text(LOOKS)
    with Runner(jobs=1) as runner:
        # One at a time: the first runs in the first spare, and the third
        # answer in the spare forked as the first was handed its values.
        outcomes = [runner.outcome(runner.submit(str(tmp_path / name)))
                    for name in ("declares.rst", "looks.rst", "looks.rst")]
    assert [o.status for o in outcomes] == ["passed"] * 3, [o.failures for o in outcomes]
