"""
What isolation costs, and how close the whole run comes to its slowest answer.

Per answer: one more trivial answer (a reactor cycle) through the fork server,
beside the floor (a bare fork of a process with the same modules imported,
whose child runs the same reactor cycle and exits) and beside a fresh
interpreter running the same answer.  The three are measured in turns, in one
run, so their ratios hold on a noisy machine even when the figures drift.

Also in the same turns: a fork server with no per-worker cgroups, to show
what moving each worker into its cgroups costs (the kernel makes the
writer wait for an RCU grace period: wall time, hardly any CPU), and the
page faults each answer costs (after a fork, the first write to every
shared page copies it, in the server as in the worker).

With ``--before DIR`` (a copy of an older ``faq_checks`` package), a fork
server running that code is measured in the same turns.

The servers fork their next spare workers (see faq_checks/run/spares.py)
after each answer, so one server's spares may be setting themselves up (and
moving into their cgroups) while another server's answer runs: the
turns share the kernel's cgroup lock and its grace periods.  A move soon
after another skips most of the grace period's wait, so beside a server
with spares, ``--before`` code that moves its workers on the answer's path
measures faster than it does alone: to compare that cost, also run each
version's bench on its own, one right after the other.

Whole tree: the wall time of running every answer as ``faq-check run`` does,
beside the slowest answer's own time in that run and alone right after it,
and beside the CPU the answers used divided by the cores (no schedule can
beat that); with ``--baseline``, also the old way (path order, two at a
time) in the same run, and with ``--also-jobs``, longest first at other
``--jobs`` (answers that wait on timers and children leave a core idle, which
one more at a time can fill).

    python bench/isolation.py [--rounds N] [--answers DIR] [--baseline] [--jobs N]
                              [--also-jobs N,N] [--before DIR] [--no-tree]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faq_checks.paths import find_answers
from faq_checks.run.client import Runner
from faq_checks.run.schedule import Durations, longest_first

TRIVIAL = """Trivial
=======

.. code-block:: python

    from twisted.internet import reactor
    reactor.callWhenRunning(reactor.stop)
    reactor.run()
"""

#: The floor: a process with the fork server's modules imported forks a child
#: that runs one reactor cycle; one timing per line read on stdin.
FLOOR = """
import gc, importlib, os, sys, time
from faq_checks.run.preload import PRELOAD
for name in PRELOAD:
    importlib.import_module(name)
gc.freeze()
for _ in sys.stdin:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        from twisted.internet import reactor
        reactor.callWhenRunning(reactor.stop)
        reactor.run()
        os._exit(0)
    os.waitpid(pid, 0)
    print(time.perf_counter() - started, flush=True)
"""


def median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def cpu_of(pid: int) -> float:
    """CPU seconds of a process and of the children it has reaped, from /proc (10 ms ticks)."""
    with open(f"/proc/{pid}/stat", "rb") as stat:
        fields = stat.read().rsplit(b")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def faults_of(pid: int) -> int:
    """Minor page faults of a process and of the children it has reaped."""
    with open(f"/proc/{pid}/stat", "rb") as stat:
        fields = stat.read().rsplit(b")", 1)[1].split()
    return int(fields[7]) + int(fields[8])


def one_answer(runner: Runner, path: str) -> float:
    started = time.perf_counter()
    outcome = runner.outcome(runner.submit(path))
    assert outcome.status == "passed", outcome.failures
    return time.perf_counter() - started


def isolation(path: str, rounds: int, fresh_every: int, before: str | None) -> dict[str, list[float]]:
    """Floor, forked and fresh timings of the trivial answer, measured in turns."""
    timings: dict[str, list[float]] = {"floor": [], "forked": [], "no cgroups": [], "fresh": [], "before": []}
    floor = subprocess.Popen([sys.executable, "-c", FLOOR], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, bufsize=1)
    runners = {"forked": Runner(jobs=1), "no cgroups": Runner(jobs=1, settings={"cgroups": False})}
    if before:  # started from elsewhere, so that the copy comes first on its sys.path
        runners["before"] = Runner(jobs=1, python_path=[before], cwd=tempfile.gettempdir())
    with contextlib.ExitStack() as stack:
        for runner in runners.values():
            stack.enter_context(runner)
            one_answer(runner, path)  # start the server outside the timing
        pids = {"floor": floor.pid, **{name: runner._server.pid for name, runner in runners.items()}}
        cpu_before = {name: cpu_of(pid) for name, pid in pids.items()}
        faults_before = {name: faults_of(pid) for name, pid in pids.items()}
        for round_number in range(rounds):
            floor.stdin.write("\n")
            timings["floor"].append(float(floor.stdout.readline()))
            for name, runner in runners.items():
                timings[name].append(one_answer(runner, path))
            if round_number % fresh_every == 0:
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "faq_checks.run.worker", path], check=True,
                               capture_output=True, cwd=tempfile.gettempdir())
                timings["fresh"].append(time.perf_counter() - started)
        for name, pid in pids.items():  # the server's and its workers' CPU, per answer
            timings[f"{name} cpu"] = [(cpu_of(pid) - cpu_before[name]) / rounds]
            timings[f"{name} faults"] = [(faults_of(pid) - faults_before[name]) / rounds / 1000]
    floor.stdin.close()
    floor.wait()
    return timings


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_tree(paths: list[str], jobs: int | None, scheduled: bool
               ) -> tuple[float, float, dict[str, float]]:
    """Wall and CPU seconds of one run of ``paths``, and each answer's own seconds."""
    durations = Durations.load()
    order = [paths[i] for i in longest_first(paths, durations)] if scheduled else paths
    started, cpu = time.perf_counter(), children_cpu()
    with Runner(jobs=jobs if scheduled else 2) as runner:
        outcomes = [outcome for _, outcome in runner.as_finished(order)]
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu  # the server reaped all below it
    if scheduled:
        durations.record(outcomes)
        durations.save()
    failed = [o.path for o in outcomes if o.status != "passed"]
    assert not failed, failed
    return wall, cpu, {outcome.path: outcome.seconds for outcome in outcomes}


def alone(path: str) -> float:
    with Runner(jobs=1) as runner:
        (outcome,) = runner.run([path])
    return outcome.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--fresh-every", type=int, default=4,
                        help="one fresh interpreter every N rounds (they are slow)")
    parser.add_argument("--answers", default="answers")
    parser.add_argument("--jobs", type=int, default=None, help="as faq-check run --jobs")
    parser.add_argument("--baseline", action="store_true",
                        help="also run the tree in path order, two at a time")
    parser.add_argument("--no-tree", action="store_true", help="only the per-answer figures")
    parser.add_argument("--also-jobs", default="", metavar="N,N",
                        help="also run the tree longest first with each of these --jobs, in the same run")
    parser.add_argument("--before", metavar="DIR", help="also a fork server running the faq_checks in DIR")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        path = str(Path(scratch) / "trivial.rst")
        Path(path).write_text(TRIVIAL)
        timings = isolation(path, options.rounds, options.fresh_every, options.before)
    floor, forked, fresh = (median_ms(timings[name]) for name in ("floor", "forked", "fresh"))
    floor_cpu, forked_cpu = (median_ms(timings[f"{name} cpu"]) for name in ("floor", "forked"))
    print(f"one more trivial answer (a reactor cycle), medians of {options.rounds} rounds "
          f"({len(timings['fresh'])} for the fresh interpreter), in turns:")
    print(f"  floor: fork + reactor cycle  {floor:8.1f} ms")
    print(f"  forked worker (marginal)     {forked:8.1f} ms   {forked / floor:5.2f}x the floor, "
          f"{forked - floor:+.1f} ms")
    print(f"  CPU per answer (server and worker; not the client's): floor {floor_cpu:.1f} ms, "
          f"forked {forked_cpu:.1f} ms ({forked_cpu / floor_cpu:.2f}x, {forked_cpu - floor_cpu:+.1f} ms)")
    bare, bare_cpu = median_ms(timings["no cgroups"]), median_ms(timings["no cgroups cpu"])
    print(f"  forked, no cgroups           {bare:8.1f} ms   {bare / floor:5.2f}x the floor, {bare - floor:+.1f} ms; "
          f"CPU {bare_cpu:.1f} ms ({bare_cpu - floor_cpu:+.1f} ms): the cgroups cost {forked - bare:+.1f} ms wall, "
          f"{forked_cpu - bare_cpu:+.1f} ms CPU")
    floor_faults, forked_faults = (median_ms(timings[f"{name} faults"]) for name in ("floor", "forked"))
    print(f"  page faults per answer: floor {floor_faults:.0f}, forked {forked_faults:.0f} "
          f"({forked_faults / floor_faults:.2f}x, {forked_faults - floor_faults:+.0f})")
    if options.before:
        before, before_cpu = median_ms(timings["before"]), median_ms(timings["before cpu"])
        print(f"  CPU per answer, code in {options.before}: {before_cpu:.1f} ms ({before_cpu / floor_cpu:.2f}x the floor)")
        print(f"  forked, code in {options.before}: {before:.1f} ms   {before / floor:5.2f}x the floor, "
              f"{before - floor:+.1f} ms; now {before / forked:.2f}x faster")
    print(f"  fresh interpreter            {fresh:8.1f} ms   {fresh / forked:5.1f}x the forked worker")
    if options.no_tree:
        return

    paths = find_answers([options.answers])
    if options.baseline:
        old_wall, _, _ = whole_tree(paths, None, scheduled=False)
    wall, cpu, seconds = whole_tree(paths, options.jobs, scheduled=True)
    slowest = max(seconds, key=seconds.get)
    slowest_alone = alone(slowest)
    print(f"whole tree: {len(paths)} answers under {options.answers}/, "
          f"jobs {options.jobs or Runner().jobs}, longest first:")
    print(f"  wall                         {wall:8.2f} s")
    print(f"  slowest answer in the run    {seconds[slowest]:8.2f} s   wall is "
          f"{wall / seconds[slowest]:.2f}x  ({slowest})")
    print(f"  slowest answer alone         {slowest_alone:8.2f} s   wall is {wall / slowest_alone:.2f}x")
    cores = os.cpu_count() or 1
    print(f"  answers' CPU / {cores} cores        {cpu / cores:8.2f} s   wall is {wall / (cpu / cores):.2f}x "
          f"(the bound: {max(slowest_alone, cpu / cores):.2f} s, wall is "
          f"{wall / max(slowest_alone, cpu / cores):.2f}x)")
    if options.baseline:
        print(f"  path order, 2 at a time      {old_wall:8.2f} s   {old_wall / wall:.2f}x the "
              f"scheduled wall, {old_wall / slowest_alone:.2f}x the slowest alone")
    for jobs in (int(value) for value in options.also_jobs.split(",") if value.strip()):
        other_wall, other_cpu, _ = whole_tree(paths, jobs, scheduled=True)
        print(f"  longest first, {jobs} at a time {other_wall:8.2f} s   {other_wall / wall:.2f}x the "
              f"scheduled wall, {other_wall / slowest_alone:.2f}x the slowest alone "
              f"(CPU / {cores} cores {other_cpu / cores:.2f} s)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
