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

from faq_checks.lint.outside import outside

DEFAULT_TWISTED_HORIZON = "22.1.0"
FALLBACK_PYTHON_HORIZON = "3.8"


def parse_version(text: str) -> tuple[int, ...]:
    """``"11.1.0"`` -> ``(11, 1, 0)``; anything after the numbers is ignored."""
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


@lru_cache(maxsize=1)
def installed_twisted() -> str:
    headers = twisted_metadata()
    return headers.get("version", "") if headers is not None else ""


@lru_cache(maxsize=1)
def twisted_python_floor() -> str:
    """The lowest Python the installed Twisted declares support for."""
    headers = twisted_metadata()
    if headers is None:
        return FALLBACK_PYTHON_HORIZON
    match = re.search(r">=\s*(\d+\.\d+)", headers.get("requires-python", ""))
    return match.group(1) if match else FALLBACK_PYTHON_HORIZON


@lru_cache(maxsize=1)
def twisted_metadata() -> dict[str, str] | None:
    """
    The installed Twisted's metadata headers (lower-cased names, the first of
    each), None if it is not installed.  Read from the one ``.dist-info``
    beside the ``twisted`` package that imports, as pip installs it;
    anything else (an editable or egg install, two dist-infos) asks
    ``importlib.metadata``, whose import alone costs a one-file lint a tenth
    of its start-up.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("twisted")
        folder = os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else ""
        found = [name for name in os.listdir(folder) if name.lower().startswith("twisted-")
                 and name.endswith(".dist-info")] if folder else []
        if len(found) == 1:
            with open(os.path.join(folder, found[0], "METADATA"), encoding="utf-8") as handle:
                return _headers(handle.read())
    except (OSError, ValueError, ImportError):
        pass
    from importlib import metadata

    try:
        return {name.lower(): value for name, value in reversed(metadata.metadata("twisted").items())}
    except metadata.PackageNotFoundError:
        return None


def _headers(text: str) -> dict[str, str]:
    """An RFC 822 header block (the metadata file up to its first blank line): name -> its first value."""
    pairs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and pairs:  # a folded header goes on
            pairs[-1][1] += "\n" + line
            continue
        key, _, value = line.partition(":")
        pairs.append([key.strip().lower(), value.strip()])
    headers: dict[str, str] = {}
    for name, value in pairs:
        headers.setdefault(name, value)
    return headers


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


@outside
def project_python_floor(project: str) -> str:
    """
    ``3.11`` from a ``>=3.11`` the project declares (pyproject.toml,
    setup.cfg or setup.py: :mod:`.project_python`); '' if none.
    """
    from faq_checks.lint.project_python import declared_requires

    match = re.search(r">=\s*(\d+\.\d+)", declared_requires(project))
    return match.group(1) if match else ""
