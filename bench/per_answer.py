"""
What the runner spends on each answer besides running it, piece by piece,
the old way beside the new, in one run (medians; wall and CPU milliseconds).

- the worker's look for processes its answer left: every ``/proc/PID/stat``
  (old) against one ``waitid`` (new: nothing to look for without a child);
- the server's look for strays: every ``/proc/PID/stat`` (old) against its
  own ``/proc`` children list (new);
- a worker's directory and files, made and removed: in ``/tmp`` (old)
  against memory, :func:`faq_checks.run.forkserver.scratch_base` (new);
- parsing the answer with Sybil in the worker, and its JSON events: measured
  only, to show why they were left alone.

    python bench/per_answer.py [--rounds N] [--answers DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time

from faq_checks.paths import find_answers
from faq_checks.run import processes
from faq_checks.run.preload import scratch_base
from faq_checks.run.samples import parse_answer


def timed(action, rounds: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``action()``."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def job_files(base: str):
    """A worker's directory as the server makes it (cwd, output, crash), then removed."""
    def action() -> None:
        jobdir = tempfile.mkdtemp(dir=base)
        os.mkdir(os.path.join(jobdir, "cwd"))
        for name in ("output", "crash"):
            os.close(os.open(os.path.join(jobdir, name), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        shutil.rmtree(jobdir)
    return action


def events_round_trip(answer) -> None:
    """The events one answer's worker sends, encoded there and decoded by the server."""
    sent = [{"event": "parsed", "title": answer.title, "fields": answer.fields, "lines": answer.lines}]
    for index, line in enumerate(answer.lines):
        sent += [{"event": "start", "index": index, "output": 0},
                 {"event": "example", "index": index, "status": "passed", "line": line,
                  "message": "", "seconds": 0.01}]
    sent.append({"event": "leftovers", "processes": []})
    for event in sent:
        json.loads(json.dumps({"token": "0" * 32, **event}))


def row(label: str, old: tuple[float, float] | None, new: tuple[float, float]) -> None:
    if old is None:
        print(f"  {label:<34} {new[0]:8.3f} ms wall {new[1]:8.3f} ms cpu   (unchanged)")
    else:
        print(f"  {label:<34} {old[0]:8.3f} -> {new[0]:7.3f} ms wall ({old[0] / max(new[0], 1e-6):6.1f}x)"
              f"   {old[1]:7.3f} -> {new[1]:7.3f} ms cpu")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--answers", default="answers")
    options = parser.parse_args()
    rounds = options.rounds
    me = os.getpid()
    processes_now = sum(1 for entry in os.listdir("/proc") if entry.isdigit())
    print(f"per-answer costs besides the answer, medians of {rounds} ({processes_now} processes on the machine):")
    row("worker: what did the answer leave", timed(lambda: processes.descendants(me), rounds),
        timed(processes.has_children, rounds))
    row("server: any strays", timed(lambda: processes.process_tree(zombies=True), rounds),
        timed(processes.own_children, rounds))
    memory = scratch_base() or tempfile.gettempdir()
    scratch = tempfile.mkdtemp(prefix="faq-check-bench-", dir=memory)
    old_scratch = tempfile.mkdtemp(prefix="faq-check-bench-", dir="/tmp")
    try:
        row(f"job directory: /tmp -> {memory}", timed(job_files(old_scratch), rounds),
            timed(job_files(scratch), rounds))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(old_scratch, ignore_errors=True)
    answers = [parse_answer(path) for path in find_answers([options.answers])]
    parse = [timed(lambda path=a.path: parse_answer(path), max(5, rounds // 20)) for a in answers]
    events = [timed(lambda a=a: events_round_trip(a), max(5, rounds // 20)) for a in answers]
    for label, figures in (("Sybil parse (answers' median)", parse), ("JSON events (answers' median)", events)):
        row(label, None, (statistics.median(f[0] for f in figures), statistics.median(f[1] for f in figures)))
    print(f"  over all {len(answers)} answers: parsing {sum(f[1] for f in parse):.1f} ms cpu, "
          f"events {sum(f[1] for f in events):.1f} ms cpu, spread over the workers")


if __name__ == "__main__":
    main()
