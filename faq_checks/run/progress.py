"""
The live line under ``faq-check run``'s rows: how many answers are done, how
long the run has taken, and which answers are still running.

Only on a terminal (the caller decides): it is redrawn in place with a
carriage return and an erase-to-end-of-line, which would litter a log file
or a pipe.  Each row printed above it first erases it, then it comes back.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

_ERASE = "\r\x1b[K"


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False

    def show(self, done: int, total: int, running: list[str]) -> None:
        elapsed = time.monotonic() - self.started
        names = ", ".join(os.path.basename(path) for path in running)
        text = f"[{done}/{total}] {elapsed:.0f} s" + (f"  running: {names}" if names else "")
        width = shutil.get_terminal_size().columns - 1  # the last column would wrap
        if len(text) > width:
            text = text[: max(0, width - 3)] + "..."
        self.stream.write(_ERASE + text)
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write(_ERASE)
            self.shown = False
