"""
Release numbers: parsing, the installed Twisted's, and the default horizons.

A horizon is the oldest release a document may still talk about as news: a
claim such as "In Twisted 1.1 ..." or "Python 2.2 and later" about anything
older is reported.  The Python horizon defaults to the oldest Python the
installed Twisted supports (its ``Requires-Python``), so it moves with Twisted.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import metadata

DEFAULT_TWISTED_HORIZON = "22.1.0"
FALLBACK_PYTHON_HORIZON = "3.8"


def parse_version(text: str) -> tuple[int, ...]:
    """``"11.1.0"`` -> ``(11, 1, 0)``; anything after the numbers is ignored."""
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


@lru_cache(maxsize=1)
def installed_twisted() -> str:
    try:
        return metadata.version("twisted")
    except metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def twisted_python_floor() -> str:
    """The lowest Python the installed Twisted declares support for."""
    try:
        requires = metadata.metadata("twisted").get("Requires-Python") or ""
    except metadata.PackageNotFoundError:
        return FALLBACK_PYTHON_HORIZON
    match = re.search(r">=\s*(\d+\.\d+)", requires)
    return match.group(1) if match else FALLBACK_PYTHON_HORIZON


def default_horizons() -> dict[str, str]:
    return {"twisted": DEFAULT_TWISTED_HORIZON, "python": twisted_python_floor()}


#: What each horizon is, for messages (``{whose}``).
TWISTED_FLOOR = "the oldest the installed Twisted supports"
CONFIGURED = "the configured horizon"
PROJECT_FLOOR = "the oldest this project supports: its requires-python"


def horizons(settings: dict) -> dict[str, str]:
    """
    The horizons in force.  ``settings["horizon"]`` is a Twisted release
    (``"22.1.0"``) or a table ``{twisted = "22.1.0", python = "3.10"}``;
    ``python_source`` says where the Python horizon came from.
    """
    chosen = default_horizons() | {"python_source": TWISTED_FLOOR}
    value = settings.get("horizon")
    if isinstance(value, dict):
        chosen.update({key: str(value[key]) for key in ("twisted", "python") if value.get(key)})
        if value.get("python"):
            chosen["python_source"] = CONFIGURED
    elif value:
        chosen["twisted"] = str(value)
    return chosen


def project_python_floor(project: str) -> str:
    """``3.11`` from the ``requires-python = ">=3.11"`` of the project's pyproject.toml; '' if none."""
    import tomllib

    try:
        with open(os.path.join(project, "pyproject.toml"), "rb") as handle:
            requires = str(tomllib.load(handle).get("project", {}).get("requires-python", ""))
    except (OSError, ValueError, AttributeError):
        return ""
    match = re.search(r">=\s*(\d+\.\d+)", requires)
    return match.group(1) if match else ""
