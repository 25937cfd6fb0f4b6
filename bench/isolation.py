"""
What a per-answer process costs: a worker forked from the fork server, against
a fresh ``python`` interpreter that imports the same modules and runs the same
answer.  Both run in this one invocation, so the ratio is meaningful on a
noisy machine even when the absolute figures are not.  Then the wall time of
running the whole ``answers/`` tree.

    python bench/isolation.py [--rounds N] [--answers DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faq_checks.cli import find_answers
from faq_checks.run.client import Runner

TRIVIAL = """Trivial
=======

.. code-block:: python

    from twisted.internet import defer
    result = []
    defer.succeed(1).addCallback(result.append)
    assert result == [1]
"""

FRESH = ("import importlib, sys\n"
         "from faq_checks.run.forkserver import PRELOAD\n"
         "for name in PRELOAD: importlib.import_module(name)\n"
         "from faq_checks.run.worker import main\n"
         "sys.exit(main(sys.argv[1:]))\n")


def forked(path: str, rounds: int) -> list[float]:
    timings = []
    with Runner(jobs=1) as runner:
        runner.outcome(runner.submit(path))  # start the server outside the timing
        for _ in range(rounds):
            started = time.perf_counter()
            outcome = runner.outcome(runner.submit(path))
            timings.append(time.perf_counter() - started)
            assert outcome.status == "passed", outcome.failures
    return timings


def fresh(path: str, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", FRESH, path], check=True, capture_output=True,
                       cwd=tempfile.gettempdir())
        timings.append(time.perf_counter() - started)
    return timings


def whole_tree(directory: str) -> tuple[float, int, int]:
    paths = find_answers([directory])
    started = time.perf_counter()
    with Runner() as runner:
        outcomes = list(runner.run(paths))
    passed = sum(1 for outcome in outcomes if outcome.status == "passed")
    return time.perf_counter() - started, passed, len(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--answers", default="answers")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = str(Path(scratch) / "trivial.rst")
        Path(path).write_text(TRIVIAL)
        fork_times = forked(path, options.rounds)
        fresh_times = fresh(path, options.rounds)
    fork_ms = statistics.median(fork_times) * 1000
    fresh_ms = statistics.median(fresh_times) * 1000
    print(f"per-answer isolation, median of {options.rounds} runs of a trivial answer:")
    print(f"  forked worker      {fork_ms:8.1f} ms")
    print(f"  fresh interpreter  {fresh_ms:8.1f} ms")
    print(f"  ratio              {fresh_ms / fork_ms:8.1f}x (fresh / forked)")
    seconds, passed, total = whole_tree(options.answers)
    print(f"whole tree: {total} answers under {options.answers}/ in {seconds:.2f} s wall, "
          f"{passed} passed")


if __name__ == "__main__":
    main()
