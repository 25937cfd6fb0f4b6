"""
``faq-check run`` cancelled as CI, a terminal or an answer cancels it: by
SIGTERM (``timeout``, a cancelled job), SIGHUP (a closed terminal), Ctrl-C,
SIGKILL of the client, an answer that kills the fork server, a SIGSTOPped
server.  Each time the report that is written is whole (valid JSON),
answers that finished keep their failure details, the rest are "not run",
and nothing is left: no process of the run and no temporary directory.

Each run has two answers and one job: ``fails.rst`` (the larger timeout, so
it starts first) fails with a detail; ``slow.rst`` then starts a child
marked with a string unique to the test and sleeps.  The signal is sent once
that child exists, so the failure's outcome has been sent by then.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from tests.helpers import alive, processes_with

DETAIL = "the detail that must survive"
#: Seconds a check waits for something that should happen within a second or two.
PATIENCE = 60.0


def wait_for(condition, what: str, seconds: float = PATIENCE):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds:g} s for {what}")


class Run:
    """One ``faq-check run`` in its own session, the answers and scratch folder in ``tmp_path``."""

    def __init__(self, tmp_path, *extra: str, answers: dict[str, str] | None = None) -> None:
        self.marker = f"faq-check-cancel-marker-{uuid.uuid4().hex}"
        self.scratch = tmp_path / "scratch"
        self.scratch.mkdir()
        ready = tmp_path / "ready"
        answers = answers or {}
        answers.setdefault("fails.rst", "Fails\n=====\n\n:timeout: 200\n\n.. code-block:: python\n\n"
                                        f"    assert 1 == 2, {DETAIL!r}\n")
        answers.setdefault("slow.rst", (
            "Slow\n====\n\n:timeout: 100\n\n.. code-block:: python\n\n"
            "    import subprocess, sys, time\n"
            f"    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', {self.marker!r}])\n"
            f"    open({str(ready)!r}, 'w').close()\n"
            "    time.sleep(600)\n"))
        for name, text in answers.items():
            (tmp_path / name).write_text(text)
        self.command = [sys.executable, "-m", "faq_checks", "run", *answers, *extra]
        self.cwd = tmp_path
        self.process: subprocess.Popen | None = None

    def start(self, prefix: tuple[str, ...] = ()) -> "Run":
        env = {**os.environ, "TMPDIR": str(self.scratch)}
        self.process = subprocess.Popen([*prefix, *self.command], cwd=self.cwd, env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        start_new_session=True)
        return self

    def server(self) -> int:
        """The fork server's pid, once the slow answer's child runs: the session that child is in."""
        (child,) = wait_for(lambda: processes_with(self.marker), "the slow answer's child")
        return os.getsid(child)

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=PATIENCE)
        return self.process.returncode, out, err

    def assert_nothing_left(self, server: int | None = None) -> None:
        if server is not None:
            wait_for(lambda: not alive(server), "the fork server to end")
        wait_for(lambda: not processes_with(self.marker), "the slow answer's child to be killed", 15)
        assert list(self.scratch.iterdir()) == []  # the temporary root is gone

    def kill_all(self) -> None:
        """Whatever the test found, it leaves no process behind."""
        for pid in processes_with(self.marker):
            os.kill(pid, signal.SIGKILL)
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def run(tmp_path):
    runs: list[Run] = []

    def make(*extra: str, **kwargs) -> Run:
        runs.append(Run(tmp_path, *extra, **kwargs))
        return runs[-1]
    yield make
    for each in runs:
        each.kill_all()


def _answers(report: dict) -> dict[str, dict]:
    return {answer["path"]: answer for answer in report["answers"]}


@pytest.mark.parametrize("signum, to, format", [
    (signal.SIGTERM, "client", "json"),  # kill PID: no BrokenPipeError, and a report
    (signal.SIGTERM, "both", "json"),  # as the old run's group got it from timeout(1)
    (signal.SIGHUP, "client", "text"),  # the terminal closed
    (signal.SIGINT, "group", "text"),  # Ctrl-C: the terminal signals the client's group
    (signal.SIGINT, "group", "json"),
])
def test_a_stopped_run_still_reports_what_finished_and_leaves_nothing(run, signum, to, format):
    this = run("--format", format, "--jobs", "1").start()
    server = this.server()
    if to == "group":
        os.killpg(this.process.pid, signum)
    else:
        os.kill(this.process.pid, signum)
    if to == "both":
        os.kill(server, signum)
    status, out, err = this.finish()
    name = signal.Signals(signum).name
    assert status == 128 + signum, err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    if format == "json":
        report = json.loads(out)  # whole, and valid
        answers = _answers(report)
        assert answers["fails.rst"]["status"] == "failed"
        assert DETAIL in answers["fails.rst"]["failures"][0]["message"]
        assert answers["slow.rst"]["status"] == "not_run"
        assert answers["slow.rst"]["failures"][0]["message"].startswith(f"not run: interrupted by {name}")
        assert report["summary"] == {"answers": 2, "passed": 0, "failed": 1, "not_run": 1}
        assert report["stopped"].startswith(f"interrupted by {name}")
    else:
        assert "fails.rst:8: Traceback" in out and DETAIL in out
        assert "not_run" in out and "slow.rst" in out
        assert "\n0 of 2 answers passed (Twisted " in out
        assert f"\n1 not run: interrupted by {name}" in out
    this.assert_nothing_left(server)


def test_timeout_term_on_a_slow_answer_gives_a_whole_report_and_leaves_nothing(run):
    # timeout(1) signals its child and then its own group, as CI runners do.
    this = run("--format", "json", "--jobs", "1").start(prefix=("timeout", "-s", "TERM", "4"))
    status, out, err = this.finish()
    assert status == 124, err  # timeout's own status: it had to stop the command
    answers = _answers(json.loads(out))
    assert answers["slow.rst"]["status"] == "not_run"  # it sleeps for ten minutes
    assert answers["fails.rst"]["status"] in ("failed", "not_run")  # on a busy machine it may not have started
    assert "Traceback" not in err
    this.assert_nothing_left()


def test_a_killed_client_takes_its_fork_server_and_all_it_started_along(run):
    this = run("--jobs", "1").start()
    server = this.server()
    this.process.kill()
    this.process.wait()
    this.assert_nothing_left(server)
    err = this.process.stderr.read()  # the server wrote here too; it is closed now
    assert "Traceback" not in err, err
    this.process.communicate()


def test_an_answer_that_kills_the_fork_server_leaves_a_report_and_nothing_else(run, tmp_path):
    ready = tmp_path / "ready"
    killer = ("Kills its fork server\n=====================\n\n.. code-block:: python\n\n"
              "    import os, signal, time\n"
              f"    while not os.path.exists({str(ready)!r}):\n"
              "        time.sleep(0.05)\n"
              "    os.kill(os.getppid(), signal.SIGKILL)\n")
    this = run("--format", "json", "--jobs", "2", answers={"fails.rst": killer}).start()
    status, out, err = this.finish()
    answers = _answers(json.loads(out))  # once empty
    assert {answer["status"] for answer in answers.values()} == {"not_run"}
    assert status == 2, err
    assert "fork server stopped unexpectedly (killed by SIGKILL)" in err and "Traceback" not in err
    assert "fork server stopped" in answers["slow.rst"]["failures"][0]["message"]
    this.assert_nothing_left()  # the slow answer's child too, though its worker was not the killer


def test_a_stopped_fork_server_does_not_hang_the_run(run):
    this = run("--format", "json", "--jobs", "1").start()
    server = this.server()
    os.kill(server, signal.SIGSTOP)
    status, out, err = this.finish()
    assert status == 2, err
    assert "fork server was stopped (SIGSTOP)" in err and "Traceback" not in err
    answers = _answers(json.loads(out))
    assert answers["fails.rst"]["status"] == "failed" and answers["slow.rst"]["status"] == "not_run"
    this.assert_nothing_left(server)


def test_a_server_started_from_a_thread_that_ended_keeps_running():
    # PR_SET_PDEATHSIG fires when the *thread* that started the server ends;
    # the server must tell that from its client's death.
    from faq_checks.run.client import Runner
    from tests.helpers import sample

    with Runner(jobs=1) as runner:
        first: list = []  # run to its end in the thread: the server is up and watching by then
        starter = threading.Thread(target=lambda: first.append(runner.outcome(runner.submit(sample("passes")))))
        starter.start()
        starter.join()
        assert first[0].status == "passed"
        assert runner.outcome(runner.submit(sample("passes"))).status == "passed"


def test_a_fork_server_sent_sigterm_alone_stops_in_order_and_the_run_reports(run):
    this = run("--format", "json", "--jobs", "1").start()
    server = this.server()
    os.kill(server, signal.SIGTERM)
    status, out, err = this.finish()
    answers = _answers(json.loads(out))
    assert answers["fails.rst"]["status"] == "failed" and answers["slow.rst"]["status"] == "not_run"
    assert status == 2 and "(stopped by SIGTERM)" in err and "Traceback" not in err, err
    this.assert_nothing_left(server)


def test_a_fork_server_silent_past_the_liveness_deadline_is_killed(tmp_path, monkeypatch):
    # A server wedged while running (not stopped): here a stopped one the state check is told not to see.
    from faq_checks.run import server as server_module
    from faq_checks.run.client import Runner, ServerStopped

    monkeypatch.setattr(server_module.remains, "stopped", lambda pid: False)
    marker = f"faq-check-cancel-marker-{uuid.uuid4().hex}"
    answer = tmp_path / "slow.rst"
    answer.write_text("Slow\n====\n\n.. code-block:: python\n\n    import subprocess, sys, time\n"
                      f"    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', {marker!r}])\n"
                      "    time.sleep(600)\n")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    with Runner(jobs=1, liveness=3) as runner:
        ticket = runner.submit(str(answer))
        (child,) = wait_for(lambda: processes_with(marker), "the answer's child")
        server = os.getsid(child)
        os.kill(server, signal.SIGSTOP)
        # Should the deadline never fire, this ends the wait (with another message) instead of hanging.
        guard = threading.Timer(PATIENCE, lambda: os.kill(server, signal.SIGKILL))
        guard.start()
        try:
            with pytest.raises(ServerStopped, match=r"gave no sign of life for \d+ s, so it was killed"):
                runner.outcome(ticket)
        finally:
            guard.cancel()
            guard.join()
    wait_for(lambda: not alive(server) and not processes_with(marker), "the server and the child to end", 15)
    assert list((tmp_path / "scratch").iterdir()) == []
