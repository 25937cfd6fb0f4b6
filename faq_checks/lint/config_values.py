"""
The checks on ``[tool.faq-check]`` values that need more than their type:
codes that some rule has, releases that parse.

Each is a typo that would otherwise switch a rule off without a word
(``select = ["STL999"]`` selects nothing, ``horizon = "yesterday"`` turns
the version claims off), so each is an error.  Command-line codes go
through :func:`unknown_codes` too.  Path settings are checked in one place,
:func:`faq_checks.lint.config.inside_project` and its caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

HORIZON_KEYS = ("twisted", "python")


@lru_cache(maxsize=1)
def builtin_codes() -> frozenset[str]:
    from faq_checks.lint.catalogue import all_rules  # late: it loads the built-in catalogue
    return frozenset(rule.code for rule in all_rules())


def unknown_codes(codes: Iterable[str], extra: Iterable[str] = ()) -> list[str]:
    """The codes and prefixes that no rule's code starts with."""
    known = builtin_codes() | set(extra)
    return [code for code in codes if not any(k.startswith(code) for k in known)]


def release_problem(text: Any) -> str | None:
    """Why ``text`` is not a release number such as ``22.1.0`` (None when it is)."""
    from packaging.version import InvalidVersion, Version
    try:
        Version(str(text))
    except InvalidVersion:
        return f"{text!r} is not a release number such as \"22.1.0\""
    return None


def _horizon_problems(value: str | dict) -> Iterator[str]:
    if isinstance(value, str):
        problem = release_problem(value)
        if problem:
            yield problem
        return
    for key, release in value.items():
        if key not in HORIZON_KEYS:
            yield f"unknown horizon {key!r}; known: {', '.join(HORIZON_KEYS)}"
        elif not isinstance(release, str) or release_problem(release):
            yield f"{key} = {release!r} is not a release number such as \"22.1.0\""


def problems(table: dict, catalogue_codes: list[str]) -> Iterator[tuple[str, str]]:
    """(key, what is wrong) for each value that has the right type but cannot be meant."""
    for key in ("select", "ignore"):
        for code in unknown_codes(table.get(key, []), catalogue_codes):
            yield key, f"no rule has the code or prefix {code!r}"
    for pattern, codes in table.get("per-file-ignores", {}).items():
        for code in unknown_codes(codes, catalogue_codes):
            yield "per-file-ignores", f"{pattern!r}: no rule has the code or prefix {code!r}"
    if "horizon" in table:
        for problem in _horizon_problems(table["horizon"]):
            yield "horizon", problem
