"""
How many processors this process may use: what both jobs size their pools by.

``os.cpu_count()`` counts the machine's processors; a container, ``taskset``
or a CI runner's affinity mask may allow fewer, and a pool sized to the
machine then only queues on the few it has.
"""

from __future__ import annotations

import os


def available_cores() -> int:
    """The processors this process may run on (at least 1)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1
