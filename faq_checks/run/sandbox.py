"""
What an answer's worker may see of the user's environment, and how much of
the machine it may use.

An answer is code from a document, possibly one nobody reviewed.  So the
fork server starts with a scrubbed environment (:func:`server_environment`:
the names in :data:`ALLOWED`, the ``LC_*`` locale settings and whatever the
user passes with ``--pass-env``), each worker adds only the names its answer
declares in an ``:env:`` field, and its ``HOME`` and ``TMPDIR`` are its own
temporary directory (:func:`enter_worker_environment`).  Resource limits
(:data:`LIMITS`) are set in the worker just before the answer runs, and are
inherited by every process it starts.  What this does not protect is written
in README, "What the sandbox does and does not protect".
"""

from __future__ import annotations

import os
import re
import resource
import signal
import site
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: The environment the fork server (and so every worker) keeps: what Python,
#: the locale and the terminal need, and nothing that usually holds a secret.
ALLOWED = (
    "PATH", "LANG", "LANGUAGE", "TZ", "TERM",
    # the dynamic loader: a Python built with a shared libpython outside the
    # system folders cannot start without it
    "LD_LIBRARY_PATH",
    # Python's own settings (PYTHONPATH also carries pytest's ``pythonpath``)
    "PYTHONPATH", "PYTHONHOME", "PYTHONUTF8", "PYTHONIOENCODING", "PYTHONWARNINGS",
    "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "PYTHONFAULTHANDLER", "PYTHONDEVMODE",
    "PYTHONUSERBASE",
    # where the fork server puts the workers' directories (each worker's own
    # TMPDIR is then that directory)
    "TMPDIR", "TEMP", "TMP",
)
#: Prefixes of names kept too: the locale categories.
ALLOWED_PREFIXES = ("LC_",)
#: Names every worker sets for itself: an answer cannot import them.
WORKER_OWN = ("HOME", "TMPDIR", "TEMP", "TMP")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def allowed(name: str) -> bool:
    return name in ALLOWED or name.startswith(ALLOWED_PREFIXES)


def variable_name(text: str) -> str:
    """``text`` if it is an environment variable name a worker may be given; ValueError otherwise."""
    if not _NAME.match(text):
        raise ValueError(f"{text!r} is not an environment variable name")
    if text in WORKER_OWN:
        raise ValueError(f"{text} is always the worker's own directory and cannot be passed")
    return text


def server_environment(source: Mapping[str, str], pass_env: Iterable[str] = (),
                       python_path: Iterable[str] = ()) -> dict[str, str]:
    """
    The fork server's whole environment: from ``source`` (the user's), the
    allowed names and ``pass_env``, with ``python_path`` put first on
    ``PYTHONPATH``.  ``PYTHONUSERBASE`` is pinned to the user's real one,
    because each worker's ``HOME`` is its own directory and a Python started
    by an answer would otherwise miss packages installed with ``pip --user``.
    """
    passed = set(pass_env)
    env = {name: value for name, value in source.items() if allowed(name) or name in passed}
    inherited = [source["PYTHONPATH"]] if source.get("PYTHONPATH") else []
    if list(python_path) or inherited:
        env["PYTHONPATH"] = os.pathsep.join([*python_path, *inherited])
    if "PYTHONUSERBASE" not in env and site.ENABLE_USER_SITE:
        env["PYTHONUSERBASE"] = site.getuserbase()
    return env


def answer_environment(names: Iterable[str], source: Mapping[str, str]) -> dict[str, str]:
    """The values of the names an answer declares (``:env:``) that are set in ``source``."""
    return {name: source[name] for name in names if name in source}


def enter_worker_environment(workdir: str, extra: Mapping[str, str]) -> None:
    """In the worker: the answer's own names added, HOME and TMPDIR its directory."""
    for name in WORKER_OWN:
        os.environ.pop(name, None)
    os.environ.update(extra)
    os.environ["HOME"] = workdir
    os.environ["TMPDIR"] = workdir
    tempfile.tempdir = workdir


@dataclass(frozen=True)
class Limit:
    """One resource limit: its ``--limit`` name, the rlimit, the default and its unit."""

    name: str
    resource: int
    default: int
    unit: str
    why: str


_MIB = 1024 * 1024
#: Every limit a worker runs under, with a default that the FAQ's heaviest
#: answers pass well within (measured by ``bench/sandbox_peaks.py``; see README).
LIMITS = (
    Limit("memory", resource.RLIMIT_AS, 4096 * _MIB, "bytes",
          "address space of each process (the FAQ's Sphinx build peaked at 218 MiB)"),
    Limit("processes", resource.RLIMIT_NPROC, 512, "processes",
          "processes the answer may have at once, above what the user already runs"),
    Limit("file-size", resource.RLIMIT_FSIZE, 256 * _MIB, "bytes",
          "largest file written, the answer's captured output included"),
    Limit("open-files", resource.RLIMIT_NOFILE, 1024, "descriptors",
          "descriptors open at once in each process"),
    Limit("cpu", resource.RLIMIT_CPU, 300, "seconds",
          "CPU seconds of each process (the wall-clock :timeout: bounds the answer)"),
)
BY_NAME = {limit.name: limit for limit in LIMITS}
_SUFFIXES = {"k": 1024, "m": _MIB, "g": 1024 * _MIB}


def parse_limit(text: str) -> tuple[str, int]:
    """``NAME=VALUE`` (``memory=2G``, ``processes=64``) as a pair; ValueError naming what is wrong."""
    name, equals, value = text.partition("=")
    name, value = name.strip(), value.strip().lower()
    if not equals or name not in BY_NAME:
        raise ValueError(f"{text!r}: expected NAME=VALUE with NAME one of {', '.join(BY_NAME)}")
    multiplier = _SUFFIXES.get(value[-1:], 1) if BY_NAME[name].unit == "bytes" else 1
    digits = value[:-1] if multiplier != 1 else value
    if not digits.isdigit() or int(digits) <= 0:
        raise ValueError(f"{text!r}: the value must be a whole number above 0"
                         + (" (K, M or G may follow)" if BY_NAME[name].unit == "bytes" else ""))
    return name, int(digits) * multiplier


def limits(given: Iterable[str | tuple[str, int]] = ()) -> dict[str, int]:
    """The defaults, with each ``NAME=VALUE`` (or parsed pair) of ``given`` applied in order."""
    chosen = {limit.name: limit.default for limit in LIMITS}
    chosen.update(parse_limit(item) if isinstance(item, str) else item for item in given)
    return chosen


def user_processes(uid: int | None = None) -> int:
    """How many processes the user runs now: RLIMIT_NPROC counts them all."""
    uid = os.getuid() if uid is None else uid
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def apply_limits(chosen: Mapping[str, int], processes_already: int | None) -> None:
    """
    In the worker, just before the answer: set each limit (soft and hard, so
    the answer cannot raise it back).  RLIMIT_NPROC counts every process of
    the user, so its value is what the user ran when the server started plus
    the allowance; ``processes_already`` None means a cgroup caps the
    worker's processes instead, and RLIMIT_NPROC is left as it is.  A write
    beyond the file-size limit fails with EFBIG instead of killing the writer
    with SIGXFSZ, so the answer's traceback says so.
    """
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for name, value in chosen.items():
        limit = BY_NAME[name]
        if limit.resource == resource.RLIMIT_NPROC:
            if processes_already is None:
                continue
            value += processes_already
        # CPU: SIGXCPU at the soft limit, SIGKILL 5 s later; the others fail the call
        wanted_hard = value + 5 if limit.resource == resource.RLIMIT_CPU else value
        _, hard = resource.getrlimit(limit.resource)
        if hard != resource.RLIM_INFINITY:  # never above what the user already had
            wanted_hard = min(wanted_hard, hard)
        resource.setrlimit(limit.resource, (min(value, wanted_hard), wanted_hard))
