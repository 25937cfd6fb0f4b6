"""
What ``pytest -n 2`` (what tox and CI run) costs against plain ``pytest`` on
the answers: wall and CPU time of each, alternated round by round in this
one invocation, and the ratios pair by pair.  Each answer runs once either
way, so the CPU ratio should stay near 1 (each of the two xdist workers
also collects every answer and starts a fork server); near 2 means answers
run twice, as they did before each xdist worker submitted only its own.

    python bench/xdist.py [--rounds N] [--answers DIR]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the whole reaped tree (pytest, its workers, fork servers, answers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--answers", default="answers")
    options = parser.parse_args()
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", options.answers]
    plain, xdist = [], []
    for _ in range(options.rounds):
        plain.append(timed(base))
        xdist.append(timed(base + ["-n", "2"]))
    for name, runs in (("pytest     ", plain), ("pytest -n 2", xdist)):
        print(f"{name} {options.answers}: median {statistics.median(r[0] for r in runs):6.2f} s wall, "
              f"{statistics.median(r[1] for r in runs):6.2f} s CPU over {options.rounds} rounds")
    for what, index in (("wall", 0), ("CPU", 1)):
        ratios = [x[index] / p[index] for p, x in zip(plain, xdist)]
        print(f"-n 2 / plain, {what}: median {statistics.median(ratios):.2f} (pair by pair)")


if __name__ == "__main__":
    main()
