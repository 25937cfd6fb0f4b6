"""Finding the nearest enclosing folder that holds a given file (a conf.py, a pyproject.toml)."""

from __future__ import annotations

import os
from functools import lru_cache

from faq_checks.lint.outside import outside


@outside
@lru_cache(maxsize=None)
def nearest_folder_with(start: str, filename: str) -> str | None:
    """``start`` or the nearest folder above it that holds ``filename``."""
    folder = os.path.abspath(start)
    while True:
        if os.path.isfile(os.path.join(folder, filename)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
