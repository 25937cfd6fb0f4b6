"""
A project's own ``Requires-Python``, from whichever file declares it.

Another project's docs are measured against the oldest Python that project
supports (txaio's "Python 3.9+" against txaio's floor, not Twisted's).
Projects declare it in one of three places, and many of Twisted's
neighbours (treq, Klein) still use the older two: ``requires-python`` in
``pyproject.toml``'s ``[project]``, ``python_requires`` in ``setup.cfg``'s
``[options]``, or a ``python_requires="..."`` keyword of the ``setup()``
call in ``setup.py``.  The first one found wins, in that order.  setup.py
is read, never run: only a string literal given as that keyword counts.
"""

from __future__ import annotations

import ast
import configparser
import os


def declared_requires(project: str) -> str:
    """The specifier (``">=3.7"``) the project at ``project`` declares; '' if none is found."""
    for read in (_pyproject, _setup_cfg, _setup_py):
        try:
            found = read(project)
        except (OSError, ValueError, UnicodeDecodeError, configparser.Error, SyntaxError, RecursionError):
            found = ""
        if found:
            return found
    return ""


def _pyproject(project: str) -> str:
    import tomllib

    with open(os.path.join(project, "pyproject.toml"), "rb") as handle:
        table = tomllib.load(handle).get("project", {})
    return str(table.get("requires-python", "")) if isinstance(table, dict) else ""


def _setup_cfg(project: str) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    with open(os.path.join(project, "setup.cfg"), encoding="utf-8") as handle:
        parser.read_file(handle)
    return parser.get("options", "python_requires", fallback="").strip()


def _setup_py(project: str) -> str:
    with open(os.path.join(project, "setup.py"), "rb") as handle:
        tree = ast.parse(handle.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "python_requires":
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
    return ""
