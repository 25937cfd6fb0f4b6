"""
Timing in ratios: how much longer a piece of the linter takes on 16 times
the text, measured in one run (linear is about 16, quadratic about 256).
"""

from __future__ import annotations

import time
from collections.abc import Callable

SMALL, LARGE = 1_000, 16_000


def best_time(work: Callable[[], object], tries: int = 3) -> float:
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def ratio(run: Callable[[str], object], make: Callable[[int], str], small_n: int = SMALL,
          large_n: int = LARGE, tries: int = 3) -> float:
    """Time on the large text over time on the small one (16 runs of it, divided by 16)."""
    small, large = make(small_n), make(large_n)
    times = large_n // small_n
    run(small)  # warm up
    small_time = best_time(lambda: [run(small) for _ in range(times)], tries) / times
    return best_time(lambda: run(large), tries) / max(small_time, 1e-9)
