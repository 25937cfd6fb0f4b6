"""
Which pages a Twisted release's documentation has, known offline.

The lists in ``data/twisted-docs-<version>.txt`` are generated from each
release's sdist by ``tools/twisted_docs_pages.py``.  The list for the
installed Twisted is used (or, if there is none, the nearest older one, and
the finding says so); ``settings["docs_tree"]`` points at a local Sphinx
source tree to use instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from faq_checks.lint.outside import outside
from faq_checks.lint.versions import installed_twisted, parse_version

DATA = Path(__file__).resolve().parent / "data"
_LIST = re.compile(r"^twisted-docs-(?P<version>\d+(?:\.\d+)*)\.txt$")


@dataclass(frozen=True)
class Pages:
    """A set of page paths (``core/howto/servers``) and where they came from."""

    pages: frozenset[str]
    source: str  # e.g. "Twisted 26.10.0", or the docs tree's path
    note: str = ""


def available() -> dict[tuple[int, ...], Path]:
    found = {}
    for path in DATA.glob("twisted-docs-*.txt"):
        match = _LIST.match(path.name)
        if match:
            found[parse_version(match["version"])] = path
    return found


@lru_cache(maxsize=None)
def _read_list(path: Path) -> frozenset[str]:
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@outside
@lru_cache(maxsize=None)
def tree_pages(root: str) -> frozenset[str]:
    """Pages of a local docs tree: every .rst (or .md) under it, without the suffix."""
    pages = set()
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in names:
            if name.endswith((".rst", ".md")):
                relative = os.path.relpath(os.path.join(folder, name), root)
                pages.add(os.path.splitext(relative)[0].replace(os.sep, "/"))
    return frozenset(pages)


def release_pages(version: str) -> Pages | None:
    """The exact list for a release, if one ships with the linter."""
    path = available().get(parse_version(version))
    return Pages(_read_list(path), f"Twisted {version}") if path else None


def installed_pages(settings: dict) -> Pages | None:
    """Pages to check "current"/"stable" links against: the docs tree, or the installed release's list."""
    if settings.get("docs_tree"):
        root = os.path.abspath(settings["docs_tree"])
        return Pages(tree_pages(root), root)
    version = installed_twisted()
    lists = available()
    if not lists:
        return None
    wanted = parse_version(version) if version else max(lists)
    older = [v for v in lists if v <= wanted]
    chosen = max(older) if older else min(lists)
    name = ".".join(map(str, chosen))
    note = "" if chosen == wanted else f" (no page list for the installed Twisted {version}; used {name}'s)"
    return Pages(_read_list(lists[chosen]), f"Twisted {name}", note)
