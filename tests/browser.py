"""
Headless Chromium for the report's tests, with nothing but the standard library.

``--dump-dom`` prints the DOM after the page's script ran; ``--enable-logging``
puts every console message on stderr as a ``CONSOLE`` line.  The flags keep
it off the network (this machine has none) and in a fresh profile.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    """The browser, or a skip saying how to get one (never a silent pass)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no headless browser: install Debian's chromium (apt-get install chromium); "
                    ".ci/run does")
    return found


def run(url: str, profile: Path, *extra: str, timeout: float = 120) -> tuple[str, list[str]]:
    """What the browser printed, and its console lines."""
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its helpers too
        except ProcessLookupError:
            pass
        process.wait()
    return out, [line for line in err.splitlines() if ":CONSOLE" in line]


def dump_dom(url: str, profile: Path) -> tuple[str, list[str]]:
    return run(url, profile, "--dump-dom")


def screenshot(url: str, profile: Path, png: Path, size: str = "1400,1100") -> list[str]:
    return run(url, profile, f"--screenshot={png}", f"--window-size={size}")[1]
