"""Small helpers shared by the machinery tests."""

from __future__ import annotations

import os
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return str(SAMPLES / f"{name}.rst")


def processes_with(marker: str) -> list[int]:
    """Pids of living (non-zombie) processes whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if marker.encode() not in cmdline.read():
                    continue
            with open(f"/proc/{entry}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
        except OSError:
            continue
        found.append(int(entry))
    return found


def statuses(outcome) -> list[str]:
    return [example.status for example in outcome.examples]


def processes_named(name: str) -> list[int]:
    """Pids of living (non-zombie) processes whose name (``/proc/PID/comm``) is ``name``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                raw = stat.read()
        except OSError:
            continue
        command, rest = raw[raw.index("(") + 1:].rsplit(")", 1)
        if command == name and rest.split()[0] not in ("Z", "X"):
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a living (non-zombie) process."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False
