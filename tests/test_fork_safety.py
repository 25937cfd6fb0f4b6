"""The fork server forks only from a clean state: no reactor, one thread."""

from __future__ import annotations

import json
import subprocess
import sys

from faq_checks.run.client import Runner
from faq_checks.run import preload
from faq_checks.run.preload import PRELOAD
from faq_checks.run.samples import parse_answer
from tests.helpers import sample

#: Run in a fresh interpreter, so the test process's own imports and threads
#: (pytest-xdist's execnet) do not count.
HAZARD = """
import importlib, sys, threading
from faq_checks.run.preload import PRELOAD, fork_hazard
for name in PRELOAD:
    importlib.import_module(name)
print(fork_hazard())
{spoil}
print(fork_hazard())
"""


def hazards(spoil: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", HAZARD.format(spoil=spoil)],
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.splitlines()


def test_the_preloaded_server_state_is_safe_and_an_installed_reactor_is_not():
    clean, spoiled = hazards("from twisted.internet import reactor")
    assert clean == "None"
    assert "twisted.internet.reactor is imported" in spoiled


def test_a_second_thread_is_a_hazard():
    clean, spoiled = hazards("threading.Thread(target=threading.Event().wait, daemon=True).start()")
    assert clean == "None"
    assert "2 threads are running" in spoiled


def test_a_server_that_has_a_reactor_refuses_to_fork(tmp_path):
    script = ("import sys\nfrom twisted.internet import reactor\n"
              "from faq_checks.run import forkserver\nsys.exit(forkserver.main(['1']))\n")
    request = json.dumps({"id": 1, "path": sample("passes"), "timeout": 10}) + "\n"
    result = subprocess.run([sys.executable, "-c", script], input=request, capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 70
    assert "refusing to fork a worker: twisted.internet.reactor is imported" in result.stderr
    assert result.stdout == ""  # no outcome: nothing ran


def test_a_worker_starts_with_the_reactor_modules_loaded_but_no_reactor(tmp_path):
    answer = tmp_path / "preloaded.rst"
    answer.write_text(
        "Preloaded\n=========\n\n.. code-block:: python\n\n"
        "    import sys\n"
        "    assert 'twisted.internet.reactor' not in sys.modules\n"
        f"    missing = {sorted(PRELOAD)!r}\n"
        "    missing = [name for name in missing if name not in sys.modules]\n"
        "    assert missing == [], missing\n")
    with Runner(jobs=1) as runner:
        (outcome,) = runner.run([str(answer)])
    assert outcome.status == "passed", outcome.failures


def test_workers_directories_go_to_memory_unless_the_user_chose_a_tmpdir(monkeypatch, tmp_path):
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(preload, "MEMORY_SCRATCH", str(tmp_path))
    assert preload.scratch_base() == str(tmp_path)
    monkeypatch.setattr(preload, "MEMORY_SCRATCH", str(tmp_path / "missing"))
    assert preload.scratch_base() is None  # tempfile's choice
    monkeypatch.setattr(preload, "MEMORY_SCRATCH", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "mine"))
    assert preload.scratch_base() is None  # tempfile's choice, which is TMPDIR


def test_the_warm_up_runs_every_kind_of_example_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(preload, "scratch_base", lambda: str(tmp_path))
    preload.warm_up()
    assert list(tmp_path.iterdir()) == []
    copy = tmp_path / "warm.rst"
    copy.write_text(preload.WARM_UP)
    kinds = {type(example.parsed).__name__ for example in parse_answer(str(copy)).examples}
    assert kinds == {"Lexeme", "Example", "tuple"}  # code block, doctest, capture


def test_a_worker_starts_with_the_signal_handlers_a_worker_always_had(tmp_path):
    answer = tmp_path / "signals.rst"
    answer.write_text(
        "Signals\n=======\n\n.. code-block:: python\n\n"
        "    import signal\n"
        "    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "    assert signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN\n"
        "    assert signal.getsignal(signal.SIGXFSZ) == signal.SIG_IGN  # the file-size limit is an error, not death\n"
        "    others = [s for s in signal.valid_signals() if s not in (signal.SIGINT, signal.SIGPIPE, signal.SIGXFSZ)]\n"
        "    changed = [s for s in others if signal.getsignal(s) not in (signal.SIG_DFL, None)]\n"
        "    assert changed == [], changed\n")
    with Runner(jobs=1) as runner:
        (outcome,) = runner.run([str(answer)])
    assert outcome.status == "passed", outcome.failures
