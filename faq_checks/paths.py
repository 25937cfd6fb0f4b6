"""Which .rst files a directory holds, for both ``faq-check run`` and ``faq-check lint``."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Sequence

EXTENSIONS = (".rst",)


def rst_files(top: str, exclude: Sequence[str] = (), skip: Callable[[str], bool] | None = None) -> list[str]:
    """
    The .rst files under ``top``, sorted, skipping hidden folders (a ``.venv``
    or ``.tox`` holds other projects' documents), what ``exclude`` names and
    what ``skip`` (given each folder and file path) refuses.
    """
    def wanted(path: str) -> bool:
        return not excluded(path, exclude) and not (skip and skip(path))

    found = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and wanted(os.path.join(folder, d)))
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.endswith(EXTENSIONS) and wanted(path):
                found.append(path)
    return found


def find_answers(paths: Sequence[str]) -> list[str]:
    """Files as given; directories expanded to their .rst files (hidden folders skipped)."""
    found: list[str] = []
    for path in paths:
        found += rst_files(path) if os.path.isdir(path) else [path]
    return found


def excluded(path: str, patterns: Sequence[str]) -> bool:
    """Absolute globs match the absolute path; bare ones the file or folder name."""
    full, name = os.path.abspath(path), os.path.basename(os.path.normpath(path))
    return any(fnmatch.fnmatch(full if os.path.isabs(p) else name, p) for p in patterns)
