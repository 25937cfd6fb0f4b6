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
           "closes-descriptors", "shrinks-socket", "forges-from-child", "forges-from-exec",
           "forges-in-process"]


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
    ("forges-events", "did not write"),  # "passed" written to every descriptor by the answer itself
    ("malformed-event", "did not write"),  # once crashed the server and blamed other answers
    ("closes-descriptors", "closed or replaced the descriptor"),  # not "os._exit"
    ("shrinks-socket", "tiny SO_SNDBUF"),  # the runner's next message no longer fits
])
def test_tampering_with_the_runner_crashes_that_answer_with_the_reason(outcomes, name, reason):
    outcome = outcomes[0][name]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert reason in outcome.examples[0].message
    assert "os._exit" not in outcome.examples[0].message


@pytest.mark.parametrize("name", [
    "forges-from-child",  # a forked child calls the runner's own send: its lines have the token
    "forges-from-exec",  # a program given the token and the descriptor writes the runner's lines
])
def test_a_report_from_any_process_but_the_worker_is_refused_even_with_the_token(outcomes, name):
    """Both were reported passed when the pid was a field of the line, written by the sender."""
    outcome = outcomes[0][name]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert "not the worker" in outcome.examples[0].message


def test_the_answers_own_code_can_still_forge_its_own_report(outcomes):
    """
    The boundary, not a wish: code in the worker process can call the runner's
    ``send`` (or read its token) and report "passed" for an example that would
    fail, and nothing in that process can tell the runner's code from the
    answer's (README, "Can an answer forge its own outcome?").  It changes that
    answer's outcome only: the answers around it are checked above.
    """
    assert outcomes[0]["forges-in-process"].status == "passed"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 0.0])
def test_a_runner_refuses_a_timeout_that_would_never_fire(value):
    with pytest.raises(ValueError, match="above 0"):
        Runner(timeout=value)
    with Runner() as runner, pytest.raises(ValueError, match="above 0"):
        runner.submit(sample("passes"), timeout=value)


CHANNEL = '''Where the runner's socket is
============================

.. code-block:: python

    import os, stat, subprocess, sys
    sockets = []
    for fd in map(int, os.listdir("/proc/self/fd")):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                sockets.append(fd)
        except OSError:
            pass
    assert len(sockets) == 1 and sockets[0] >= 32, sockets
    assert not os.get_inheritable(sockets[0])
    listing = "import os; print(sorted(map(int, os.listdir('/proc/self/fd'))))"
    inherited = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, check=True)
    assert sockets[0] not in eval(inherited.stdout), inherited.stdout
'''


def test_the_workers_socket_is_high_and_close_on_exec(tmp_path):
    """Away from the low numbers an answer's own files take; a program the answer runs never has it."""
    answer = tmp_path / "channel.rst"
    answer.write_text(CHANNEL)
    with Runner() as runner:
        (outcome,) = runner.run([str(answer)])
    assert outcome.status == "passed", outcome.failures


LOOKER = '''Looks for other workers' tokens
===============================

.. code-block:: python

    import gc, os, pathlib, time
    from faq_checks.run.events import EventReader
    from faq_checks.run.supervision import Job
    markers = pathlib.Path({markers!r})
    (markers / f"{{os.getpid()}}.started").touch()
    deadline = time.monotonic() + 30
    while len(list(markers.glob("*.started"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # both workers run at once: the one forked second saw the first
    # This worker's own Job never had a pid here: started() runs in the server.
    others = [o for o in gc.get_objects() if isinstance(o, Job) and o.pid or isinstance(o, EventReader)]
    (markers / f"{{os.getpid()}}.seen").write_text(str(len(others)))
    assert not [o.token for o in others if o.token], "another worker's token is in this one's memory"
'''


def test_a_worker_holds_no_other_workers_token(tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    paths = []
    for name in ("first", "second"):
        paths.append(tmp_path / f"{name}.rst")
        paths[-1].write_text(LOOKER.format(markers=str(markers)))
    with Runner(jobs=2) as runner:
        outcomes = list(runner.run([str(path) for path in paths]))
    assert [outcome.status for outcome in outcomes] == ["passed", "passed"], [o.failures for o in outcomes]
    seen = [int(path.read_text()) for path in markers.glob("*.seen")]
    assert len(seen) == 2 and sum(seen) >= 1  # the check looked at another worker's objects
