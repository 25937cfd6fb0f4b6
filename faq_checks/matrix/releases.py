"""
Which Twisted releases a matrix covers, and what each one's env must pin.

``--twisted`` takes a comma list of versions (``24.11.0``, a pre-release such
as ``26.11.0rc1``), ``all`` (every final release the package index lists for
this Python, installed from wheels only), ``next`` (the newest pre-release, if one is newer than the
newest final) or a pip requirement such as a local checkout's path, for a
Twisted that is not released yet.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field, replace

from packaging.version import InvalidVersion, Version

#: Pins an old release needs on today's Python and today's dependencies, as
#: data: (releases below this version, requirement, why).
ERA_PINS = (
    ("23.8.0", "setuptools>=70,<81",
     "before 23.8.0 `python -m twisted` and the console scripts load their entry point "
     "through pkg_resources: the venv's own setuptools 65 cannot find today's "
     "zope_interface dist-info, and setuptools 81 drops pkg_resources"),
)

#: What the tool itself needs inside each env; its source comes from this
#: checkout, so Twisted's own pin in pyproject.toml does not apply there.
TOOL_REQUIREMENTS = ("sybil>=9", "pytest>=8", "pyflakes>=3")


class ReleaseError(ValueError):
    """A --twisted value that names no release; the message says why."""


@dataclass(frozen=True)
class Release:
    """One column of the matrix: a label and what pip installs for it."""

    label: str
    requirement: str
    pins: tuple[str, ...] = field(default=())
    #: Install Twisted from a wheel only (``all``): a release that ships no
    #: wheel for this Python is reported as not installing, quickly, instead
    #: of building a decade-old sdist that fails minutes later.
    wheel_only: bool = False

    @property
    def version(self) -> Version | None:
        try:
            return Version(self.label)
        except InvalidVersion:
            return None

    def requirements(self) -> list[str]:
        return [self.requirement, *self.pins, *TOOL_REQUIREMENTS]


def release_order(label: str) -> tuple:
    """Versions in order, then anything else (a checkout: "the next Twisted") by name."""
    try:
        return (0, Version(label), "")
    except InvalidVersion:
        return (1, Version("0"), label)


def pins_for(version: Version | None) -> tuple[str, ...]:
    if version is None:
        return ()
    return tuple(pin for below, pin, _ in ERA_PINS if version < Version(below))


def release(text: str) -> Release:
    """A version becomes ``twisted==V`` with its era pins; anything else is a requirement."""
    try:
        version = Version(text)
    except InvalidVersion:
        label = re.sub(r"[^\w.+-]+", "-", text).strip("-")[-60:] or "checkout"
        return Release(label, text)
    return Release(str(version), f"twisted=={version}", pins_for(version))


def index_versions(pre: bool = False, python: str = sys.executable) -> list[str]:
    """The Twisted versions the package index offers this Python (pip decides which)."""
    command = [python, "-m", "pip", "index", "versions", "twisted"] + (["--pre"] if pre else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    match = re.search(r"^Available versions: (.*)$", done.stdout, re.MULTILINE)
    if done.returncode or not match:
        raise ReleaseError(f"pip index versions twisted failed: {(done.stderr or done.stdout).strip()[-300:]}")
    return [item.strip() for item in match.group(1).split(",")]


def parse_spec(spec: str, lookup=index_versions) -> list[Release]:
    """The releases ``--twisted`` names, oldest first, each once."""
    labels: list[str] = []
    listed: set[str] = set()
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        if item == "all":
            listed |= set(lookup())
            labels += sorted(listed)
        elif item == "next":
            labels.append(_next(lookup))
        else:
            labels.append(item)
    if not labels:
        raise ReleaseError(f"--twisted {spec!r} names no release")
    unique = {r.label: r for r in map(release, labels)}
    for label in listed - set(spec.replace(" ", "").split(",")):
        unique[label] = replace(unique[label], wheel_only=True)
    return sorted(unique.values(), key=lambda r: release_order(r.label))


def _next(lookup) -> str:
    finals = [Version(v) for v in lookup()]
    newest = max(finals)
    pre = [Version(v) for v in lookup(pre=True)]
    candidates = [v for v in pre if v.is_prerelease and v > newest]
    if not candidates:
        raise ReleaseError(f"--twisted next: the index has no pre-release newer than {newest}")
    return str(max(candidates))
