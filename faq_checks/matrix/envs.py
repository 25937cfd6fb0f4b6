"""
One cached virtualenv per Twisted release, in the user's cache directory.

An env is built once (with ``uv`` when it is on PATH, it is much faster, or
with pip) and reused while its requirements stay the same: a small stamp file
records them, and is written last, so an interrupted build is rebuilt.  The
tool is not installed into the env: each run gets a fresh copy of this
checkout's ``faq_checks`` package on ``PYTHONPATH``, so the env's
site-packages supply Twisted and the tool's own code is always current.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import faq_checks
from faq_checks.matrix.releases import Release

STAMP = "faq-check-env.json"
BUILD_TIMEOUT = 900


class BuildError(Exception):
    """An env that could not be built: pip's or uv's own words, shortened."""


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/faq-checks/matrix`` (``~/.cache`` by default), never the repo."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "faq-checks" / "matrix"


def find_uv() -> str | None:
    """``uv`` on PATH, or beside this interpreter (a venv that pip-installed uv)."""
    beside = Path(sys.executable).parent / "uv"
    return shutil.which("uv") or (str(beside) if beside.exists() else None)


@dataclass
class Env:
    """The env of one release, under ``cache/py3.11/LABEL``."""

    release: Release
    cache: Path

    @property
    def path(self) -> Path:
        return self.cache / f"py{sys.version_info[0]}.{sys.version_info[1]}" / self.release.label

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def _wanted(self) -> dict:
        # How Twisted was fetched (wheel only or not) is left out: same env.
        return {"requirements": self.release.requirements(), "python": platform.python_version()}

    def is_built(self) -> bool:
        try:
            return json.loads((self.path / STAMP).read_text()) == self._wanted()
        except (OSError, ValueError):
            return False

    def ensure(self, installer: str) -> tuple[bool, float]:
        """Build unless cached; (was it cached, seconds spent). Raises BuildError."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.parent / f"{self.release.label}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two matrix runs never build one env at once
            if self.is_built():
                return True, 0.0
            started = time.monotonic()
            shutil.rmtree(self.path, ignore_errors=True)
            options = ["--only-binary", "twisted"] if self.release.wheel_only else []
            for command in _build_commands(installer, self.python, [*options, *self.release.requirements()]):
                _check(command, self.path)
            _check([str(self.python), "-c", "import twisted, twisted.internet.reactor"], self.path)
            (self.path / STAMP).write_text(json.dumps(self._wanted()))
            return False, time.monotonic() - started

    def source(self) -> Path:
        """A fresh copy of this checkout's ``faq_checks`` package, for ``PYTHONPATH``."""
        target = self.path / "faq-check-source"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(faq_checks.__file__).parent, target / "faq_checks",
                        ignore=shutil.ignore_patterns("__pycache__"))
        return target


def _build_commands(installer: str, python: Path, requirements: list[str]) -> list[list[str]]:
    env = str(python.parent.parent)
    if installer == "uv":
        uv = find_uv()
        if uv is None:
            raise BuildError("--installer uv: uv is not installed (pip install uv)")
        # --seed (pip, setuptools) and --compile-bytecode (.pyc in RECORD): the env
        # pip would build, so an answer that inspects its own install sees the same
        return [[uv, "venv", "--quiet", "--seed", "--python", sys.executable, env],
                [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(python), *requirements]]
    return [[sys.executable, "-m", "venv", env],
            [str(python), "-m", "pip", "install", "--quiet", *requirements]]


def _check(command: list[str], where: Path) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BuildError(f"{command[0]} took over {BUILD_TIMEOUT}s building {where}") from None
    if done.returncode:
        lines = [line for line in (done.stderr + done.stdout).splitlines()
                 if line.strip() and not line.startswith("WARNING: Location")]
        raise BuildError("\n".join(lines[-12:]) or f"{command[0]} exited {done.returncode}")
