"""
Timing in ratios: how much longer a piece of the linter takes on 16 times
the text, measured in one run (linear is about 16, quadratic about 256).

The clock is this process's CPU time, not the wall: on a shared machine
(CI, or ``pytest -n 2`` beside other work) the wall clock also counts the
time the process waited for a core, which made a linear pattern measure
x40 and more now and then.  CPU time counts only the work itself.  The
small and the large text are timed in turns, so a slower stretch of the
machine (a frequency change, a busy cache) falls on both.  The cyclic
garbage collector is paused while a piece runs: a pattern that makes many
match objects can set off a full collection of everything the test process
holds, which falls on the large text and measured a plain ``[^\n]`` at x111.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

SMALL, LARGE = 1_000, 16_000


def cpu_time(work: Callable[[], object]) -> float:
    collecting = gc.isenabled()
    gc.disable()
    try:
        start = time.process_time()
        work()
        return time.process_time() - start
    finally:
        if collecting:
            gc.enable()


def best_time(work: Callable[[], object], tries: int = 3) -> float:
    return min(cpu_time(work) for _ in range(tries))


def ratio(run: Callable[[str], object], make: Callable[[int], str], small_n: int = SMALL,
          large_n: int = LARGE, tries: int = 3) -> float:
    """Time on the large text over time on the small one (16 runs of it, divided by 16)."""
    small, large = make(small_n), make(large_n)
    times = large_n // small_n
    run(small)  # warm up
    small_time = large_time = float("inf")
    for _ in range(tries):
        small_time = min(small_time, cpu_time(lambda: [run(small) for _ in range(times)]) / times)
        large_time = min(large_time, cpu_time(lambda: run(large)))
    return large_time / max(small_time, 1e-9)
