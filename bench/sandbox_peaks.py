"""
What each answer uses of the sandbox's limits: its peak address space
(largest ``VmPeak`` of any of its processes: ``memory`` is per process),
its most processes at once, and the most CPU one of its processes used
(``cpu`` is per process), beside each default, so the defaults' headroom
is a measured ratio.

Each answer runs alone through the real fork server while a thread samples
``/proc`` every few milliseconds (processes that live shorter than that can
be missed: the figures are lower bounds).  Where a pids cgroup counts the
worker's processes, its ``pids.peak`` (exact) is used instead of sampling.

    python bench/sandbox_peaks.py [PATH ...] [--interval SECONDS]
"""

from __future__ import annotations

import argparse
import glob
import os
import threading
import time

from faq_checks.paths import find_answers
from faq_checks.run import processes
from faq_checks.run.client import Runner
from faq_checks.run.sandbox import LIMITS

_TICKS = os.sysconf("SC_CLK_TCK")


def _vm_peak(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    except (OSError, ValueError, IndexError):
        return 0.0


class Sampler(threading.Thread):
    """Polls the fork server's descendants until stopped; keeps the peaks."""

    def __init__(self, server_pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.interval = interval
        self.stopping = threading.Event()
        self.memory = self.processes = self.pids_peak = 0
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        pattern = f"/sys/fs/cgroup/pids/**/faq-check-{self.server_pid}/job-*/pids.peak"
        while not self.stopping.is_set():
            below = processes.descendants(self.server_pid)
            self.processes = max(self.processes, len(below))
            for pid in below:
                self.memory = max(self.memory, _vm_peak(pid))
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            for path in glob.glob(pattern, recursive=True):
                try:
                    with open(path) as peak:
                        self.pids_peak = max(self.pids_peak, int(peak.read()))
                except (OSError, ValueError):
                    pass
            time.sleep(self.interval)


def measure(path: str, interval: float) -> dict:
    with Runner(jobs=1) as runner:
        ticket = runner.submit(path)
        sampler = Sampler(runner._server.pid, interval)
        sampler.start()
        outcome = runner.outcome(ticket)
        sampler.stopping.set()
        sampler.join()
    return {"path": path, "status": outcome.status, "seconds": outcome.seconds,
            "memory": sampler.memory, "processes": sampler.pids_peak or sampler.processes,
            "exact_processes": bool(sampler.pids_peak), "cpu": max(sampler.cpu.values(), default=0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("paths", nargs="*", default=["answers"])
    parser.add_argument("--interval", type=float, default=0.02)
    options = parser.parse_args()
    rows = [measure(path, options.interval) for path in find_answers(options.paths)]
    print(f"{'memory MiB':>10} {'procs':>5} {'cpu s':>6} {'wall s':>6}  status  answer")
    for row in sorted(rows, key=lambda row: -row["memory"]):
        print(f"{row['memory'] / 2**20:10.0f} {row['processes']:5d}{'' if row['exact_processes'] else '~'}"
              f" {row['cpu']:6.2f} {row['seconds']:6.2f}  {row['status']:6}  {row['path']}")
    defaults = {limit.name: limit.default for limit in LIMITS}
    peaks = {"memory": max(r["memory"] for r in rows), "processes": max(r["processes"] for r in rows),
             "cpu": max(r["cpu"] for r in rows)}
    print("\nlimit      default        highest peak   default / peak")
    for name, peak in peaks.items():
        shown = (lambda v: f"{v / 2**20:.0f} MiB") if name == "memory" else (lambda v: f"{v:g}")
        print(f"{name:10} {shown(defaults[name]):>14} {shown(peak):>14}   {defaults[name] / max(peak, 1e-9):.1f}x")
    print(f"\n{sum(r['status'] == 'passed' for r in rows)} of {len(rows)} passed under the default limits")


if __name__ == "__main__":
    main()
