"""
Where the whole FAQ's CPU goes: each answer run alone through the fork
server, its CPU seconds (the worker and everything it started and reaped,
from the kernel's accounting of the server's reaped children) beside its
wall time, slowest first, and the total.

The whole tree cannot finish sooner than its CPU divided by the cores, so
this is the figure an answer's proof must cut to bring the tree's wall time
towards its slowest answer (see ``bench/isolation.py``).  With ``--before
DIR`` (a copy of an older answers tree with the same relative paths), each
answer of DIR runs in turn with its current version, so a change to an
answer's proof is measured before and after in one run.

    python bench/answer_cpu.py [--answers DIR] [--before DIR] [--rounds N] [ANSWER ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from isolation import cpu_of  # noqa: E402  (the same accounting as the isolation bench)

from faq_checks.paths import find_answers  # noqa: E402
from faq_checks.run.client import Runner  # noqa: E402


def cpu_and_wall(runner: Runner, path: str) -> tuple[float, float, str]:
    """CPU and wall seconds of one answer run alone, and its status."""
    cpu, wall = cpu_of(runner._server.pid), time.perf_counter()
    outcome = runner.outcome(runner.submit(path))
    return cpu_of(runner._server.pid) - cpu, time.perf_counter() - wall, outcome.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("answers_given", nargs="*", metavar="ANSWER", help="only these (default: all)")
    parser.add_argument("--answers", default="answers")
    parser.add_argument("--before", metavar="DIR", help="also the same answers from an older tree, in turns")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each (medians are printed)")
    options = parser.parse_args()
    paths = find_answers(options.answers_given or [options.answers])
    root = Path(options.answers).resolve()
    rows = []
    with Runner(jobs=1) as runner:
        runner.outcome(runner.submit(paths[-1]))  # start the server outside the figures
        for path in paths:
            versions = {"now": path}
            if options.before:
                versions["before"] = str(Path(options.before) / Path(path).resolve().relative_to(root))
            figures: dict[str, list[tuple[float, float, str]]] = {name: [] for name in versions}
            for _ in range(options.rounds):
                for name, version in versions.items():
                    figures[name].append(cpu_and_wall(runner, version))
            rows.append((path, {name: (statistics.median(f[0] for f in runs), statistics.median(f[1] for f in runs),
                                       ",".join(sorted({f[2] for f in runs}))) for name, runs in figures.items()}))
    rows.sort(key=lambda row: -row[1]["now"][0])
    print(f"each answer alone, CPU (worker and all it started) and wall, medians of {options.rounds}:")
    for path, figures in rows:
        cpu, wall, status = figures["now"]
        line = f"  {cpu:6.2f} s cpu {wall:6.2f} s wall  {status:7} {path}"
        if "before" in figures:
            old_cpu, _, old_status = figures["before"]
            line += f"   before: {old_cpu:6.2f} s cpu {old_status} ({cpu / max(old_cpu, 1e-9):.2f}x)"
        print(line)
    total = sum(figures["now"][0] for _, figures in rows)
    cores = os.cpu_count() or 1
    print(f"  total {total:.2f} s cpu, {total / cores:.2f} s on {cores} cores; the slowest answer's "
          f"{rows[0][1]['now'][0]:.2f} s cpu is {rows[0][1]['now'][0] / total:.0%} of it")
    if options.before:
        old_total = sum(figures["before"][0] for _, figures in rows)
        print(f"  before: {old_total:.2f} s cpu ({total / old_total:.2f}x)")


if __name__ == "__main__":
    main()
