"""
Which configuration applies to which document, as ruff decides it.

Each document is checked under the ``[tool.faq-check]`` of the nearest
``pyproject.toml`` above it, so the findings for a tree are the same from
its root, from a subfolder and from anywhere else, and one project's
settings never leak into another tree linted from inside it.  The nearest
``pyproject.toml`` marks the project even when it has no ``[tool.faq-check]``
table (then the defaults apply): a Twisted checkout inside this repository
is Twisted's project, not ours.  ``--config`` names one file for every
document; ``--no-config`` uses none.  What the command line says is laid
over whichever file applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from faq_checks.lint import config as config_module
from faq_checks.lint.engine import Selection
from faq_checks.paths import excluded


@dataclass(frozen=True)
class Overrides:
    """What the command line sets, laid over every file's config."""

    config: str | None = None
    no_config: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()       # already anchored at the current folder
    force_exclude: bool = False
    settings: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass
class Scope:
    """The settings, selection and exclusions of every document under one config."""

    key: str
    settings: dict
    selection: Selection
    exclude: list[str]


class Scopes:
    """Finds, loads (once each) and applies the config of each path."""

    def __init__(self, overrides: Overrides = Overrides()) -> None:
        self.overrides = overrides
        self._by_folder: dict[str, str | None] = {}
        self._scopes: dict[str | None, Scope] = {}

    def config_path(self, path: str) -> str | None:
        if self.overrides.no_config:
            return None
        if self.overrides.config:
            return self.overrides.config
        folder = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or ".")
        if folder not in self._by_folder:
            self._by_folder[folder] = config_module.find_pyproject(folder)
        return self._by_folder[folder]

    def scope(self, path: str) -> Scope:
        """The scope of ``path``; a :class:`~faq_checks.lint.config.ConfigError` if its config is invalid."""
        config_path = self.config_path(path)
        if config_path not in self._scopes:
            self._scopes[config_path] = self._build(config_module.load(config_path))
        return self._scopes[config_path]

    def _build(self, config: config_module.Config) -> Scope:
        o = self.overrides
        settings = {**config.settings, **o.settings}
        settings.setdefault("links", False)
        unknown = config_module.config_values.unknown_codes(o.select + o.ignore, config.catalogue_codes)
        if unknown:
            raise config_module.ConfigError(f"--select/--ignore: no rule has the code or prefix {unknown[0]!r}")
        selection = Selection(o.select or tuple(config.select), tuple(config.ignore) + o.ignore,
                              tuple((pattern, tuple(codes)) for pattern, codes in config.per_file_ignores))
        return Scope(config.path or "", settings, selection, config.exclude)

    def skip_walked(self, path: str) -> bool:
        """A file or folder met while walking a directory is skipped when its config or the command line excludes it."""
        return excluded(path, self.overrides.exclude) or excluded(path, self.scope(path).exclude)

    def skip_named(self, path: str) -> bool:
        """A path named on the command line: only --exclude, unless --force-exclude."""
        scope = self.scope(path)  # loads (so validates) its config even when nothing is excluded
        if excluded(path, self.overrides.exclude):
            return True
        if not self.overrides.force_exclude:
            return False
        top = os.path.dirname(os.path.abspath(scope.key)) if scope.key else os.getcwd()
        return _under_excluded(path, scope.exclude, top)


def _under_excluded(path: str, patterns: list[str], top: str) -> bool:
    """
    ``path``, or a folder above it up to ``top`` (the project's folder), matches:
    what a walk from ``top`` would have pruned.
    """
    full = os.path.abspath(path)
    while full.startswith(top + os.sep) or full == path:
        if excluded(full, patterns):
            return True
        full = os.path.dirname(full)
    return False
