"""
``[tool.faq-check]`` of a ``pyproject.toml``, validated strictly.

    [tool.faq-check]
    select = ["PY", "API"]         # codes or prefixes; all when absent
    ignore = ["PY102"]
    exclude = ["build/*", "_*.rst"]  # with a /: from this file's folder; replaces the defaults
    extend-exclude = ["old/*"]     # added to the defaults (.git, .tox, venv, _build, ...)
    per-file-ignores = {"old/*" = ["STL"]}   # globs as in exclude -> codes
    horizon = ...                  # passed to the stale-advice checks
    docs-tree = "docs"             # Twisted docs tree for howto links
    links = false                  # check external links (like --links)
    context-names = ["c"]          # names every snippet may assume (not PY101)
    snippets-run = true            # snippets run together: PY101 on (default: only Sybil-run docs outside Sphinx)
    history-files = ["NEWS*"]      # changelogs read as history (default: NEWS*, CHANGES*, changelog*, relnotes/, ...)
    link-timeout = 10              # seconds; also link-max-redirects, link-per-host,
    link-cache = ".faq-check-links.json"   # link-concurrency, link-cache-expiry (seconds)
    [[tool.faq-check.catalogue]]   # extra stale-advice entries
    ...

A typo must not switch a rule off silently, so an unknown key or a value of
the wrong type is a :class:`ConfigError` naming the file and the line; so
is a code no rule has, a release that does not parse, and a folder that
does not exist.  Which file applies to which document is
:mod:`faq_checks.lint.scopes`' job.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from faq_checks.lint import config_values
from faq_checks.lint.model import InputError
from faq_checks.lint.upward import nearest_folder_with

CODE_OR_PREFIX = re.compile(r"^[A-Z]{2,6}[0-9]{0,3}$")

#: Folders never walked unless a config's ``exclude`` replaces this list:
#: they hold other projects' documents or build output.
#: Path settings that name a folder, which must exist (a missing docs-tree
#: would make every docs link a finding).
FOLDER_KEYS = ("docs-tree", "root")

DEFAULT_EXCLUDES = (".git", ".tox", ".nox", "venv", ".venv", "_build", "node_modules", "site-packages")


class ConfigError(InputError):
    """An invalid ``[tool.faq-check]`` table; the message names the file and line."""


@dataclass
class Config:
    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDES))
    settings: dict[str, Any] = field(default_factory=dict)
    #: (glob, codes) pairs; globs anchored as ``exclude``'s are.
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    #: Codes the config's own catalogue entries add (valid in select/ignore).
    catalogue_codes: list[str] = field(default_factory=list)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _codes(value: Any) -> bool:
    return _strings(value) and all(CODE_OR_PREFIX.match(item) for item in value)


#: key -> (validator, what the value must be)
KEYS: dict[str, tuple[Any, str]] = {
    "select": (_codes, "a list of codes or code prefixes such as \"PY1\""),
    "ignore": (_codes, "a list of codes or code prefixes such as \"PY1\""),
    "exclude": (_strings, "a list of glob patterns"),
    "extend-exclude": (_strings, "a list of glob patterns"),
    "per-file-ignores": (lambda v: isinstance(v, dict) and all(_codes(c) for c in v.values()),
                         "a table of glob = [codes or code prefixes]"),
    "horizon": (lambda v: isinstance(v, (str, dict)), "a string or a table"),
    "docs-tree": (lambda v: isinstance(v, str), "a path"),
    # The folder whose .rst files :ref: and :doc: may point into, even when
    # only some of its files are linted (what a Sphinx conf.py marks).
    "root": (lambda v: isinstance(v, str) and v != "", "a path"),
    "links": (lambda v: isinstance(v, bool), "true or false"),
    # Names every snippet may assume (Buildbot's c, Scrapy shell's response).
    "context-names": (lambda v: _strings(v) and all(i.isidentifier() for i in v), "a list of Python names"),
    # Whether the docs' snippets run together (as answers do): PY101 on.
    "snippets-run": (lambda v: isinstance(v, bool), "true or false"),
    # Changelogs and history pages: replaces the default globs ([] for none).
    "history-files": (_strings, "a list of glob patterns for file or folder names"),
    "catalogue": (lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
                  "an array of tables ([[tool.faq-check.catalogue]])"),
    "link-timeout": (_positive, "a number of seconds above 0"),
    "link-cache-expiry": (_positive, "a number of seconds above 0"),
    "link-max-redirects": (_count, "a whole number, 0 or more"),
    "link-per-host": (lambda v: _count(v) and v > 0, "a whole number above 0"),
    "link-concurrency": (lambda v: _count(v) and v > 0, "a whole number above 0"),
    "link-cache": (lambda v: isinstance(v, str), "a path, or \"\" for no cache"),
    "link-deadline": (_positive, "a number of seconds above 0"),
    # Bigger files are reported (exit 2) and skipped: lint time and memory stay bounded.
    "max-file-size": (lambda v: _count(v) and v > 0, "a number of bytes above 0"),
    # Whether each document's result is kept between runs (faq_checks.lint.resultcache).
    "result-cache": (lambda v: isinstance(v, bool), "true or false"),
}
#: Keys passed on to the checks as settings, under these names.
SETTINGS = {"horizon": "horizon", "catalogue": "catalogue", "history-files": "history_files",
            "context-names": "context_names", "snippets-run": "snippets_run", "link-timeout": "link_timeout",
            "link-cache-expiry": "link_cache_expiry", "link-max-redirects": "link_max_redirects",
            "link-per-host": "link_per_host", "link-concurrency": "link_concurrency",
            "link-deadline": "link_deadline", "max-file-size": "max_file_size",
            "result-cache": "result_cache"}
#: Path settings: resolved against the config file's folder and kept inside it.
PATH_KEYS = ("docs-tree", "link-cache", "root")


def find_pyproject(start: str) -> str | None:
    """The nearest ``pyproject.toml`` in ``start`` or above it."""
    folder = nearest_folder_with(start, "pyproject.toml")
    return os.path.join(folder, "pyproject.toml") if folder else None


def load(path: str | None) -> Config:
    """The config in ``path`` (no file, or no table: the defaults)."""
    if path is None:
        return Config()
    import tomllib  # late: a tree without a pyproject.toml (and --no-config) never parses TOML
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        document = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    except tomllib.TOMLDecodeError as error:
        if not _may_configure_us(raw):  # another tool's broken file (pydoctor's demo config) is not ours to judge
            return Config()
        raise ConfigError(f"{path}:{_toml_line(str(error))}: invalid TOML: {error}") from None
    table = document.get("tool", {}).get("faq-check", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.faq-check] must be a table")
    return _validated(path, table, raw.decode("utf-8"))


def _may_configure_us(raw: bytes) -> bool:
    """
    Whether a ``pyproject.toml`` that does not parse could hold our table:
    it names ``faq-check`` somewhere (``[tool.faq-check]``, a dotted key, a
    quoted one).  One that never does configures another tool, and its
    breakage is that tool's to report; ours is an error, so a typo never
    silently turns the configuration off.
    """
    lowered = raw.lower()
    return b"faq-check" in lowered or b"faq_check" in lowered  # "faq-checks" holds "faq-check"


def _validated(path: str, table: dict, text: str) -> Config:
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{path}:{_key_line(text, key)}: unknown key {key!r} in [tool.faq-check]; known keys: {known}")
        valid, expected = KEYS[key]
        if not valid(value):
            raise ConfigError(f"{path}:{_key_line(text, key)}: [tool.faq-check] {key} must be {expected}, not {value!r}")
    root = os.path.dirname(os.path.abspath(path))
    catalogue_codes = [str(entry.get("code")) for entry in table.get("catalogue", []) if "code" in entry]
    for key, problem in config_values.problems(table, catalogue_codes):
        raise ConfigError(f"{path}:{_key_line(text, key)}: [tool.faq-check] {key}: {problem}")
    settings: dict[str, Any] = {"config_path": path, "links": table.get("links", False)}
    settings.update({name: table[key] for key, name in SETTINGS.items() if key in table})
    for key in PATH_KEYS:
        if table.get(key):
            settings[key.replace("-", "_")] = inside_project(path, text, key, table[key])
            if key in FOLDER_KEYS and not os.path.isdir(settings[key.replace("-", "_")]):
                raise ConfigError(f"{path}:{_key_line(text, key)}: [tool.faq-check] {key}: "
                                  f"no such folder: {settings[key.replace('-', '_')]}")
    if table.get("link-cache") == "":
        settings["link_cache"] = ""
    exclude = list(table["exclude"]) if "exclude" in table else list(DEFAULT_EXCLUDES)
    exclude += table.get("extend-exclude", [])
    per_file = [(pattern, list(codes)) for pattern, codes in table.get("per-file-ignores", {}).items()]
    return Config(path, list(table.get("select", [])), list(table.get("ignore", [])),
                  anchored(exclude, root), settings,
                  [(anchored([p], root)[0], codes) for p, codes in per_file], catalogue_codes)


def inside_project(config_path: str, text: str, key: str, value: str) -> str:
    """
    A path setting resolved against the config file's folder, refused if it
    leads outside that folder (``..``, an absolute path, a symlink out): a
    repository being linted must not make the linter read or write elsewhere.
    The one place where config paths are checked; the command line is trusted.
    """
    project = os.path.realpath(os.path.dirname(os.path.abspath(config_path)))
    resolved = os.path.realpath(os.path.join(project, value))
    if os.path.commonpath([project, resolved]) != project:
        raise ConfigError(f"{config_path}:{_key_line(text, key)}: [tool.faq-check] {key} = {value!r} leads outside "
                          f"the project ({project}); paths in config stay inside it (give it on the command line instead)")
    return resolved


def anchored(patterns: list[str], root: str) -> list[str]:
    """Globs with a ``/`` are relative to ``root`` (the config's folder); bare ones match file names."""
    return [os.path.join(root, p) if "/" in p and not os.path.isabs(p) else p for p in patterns]


def _toml_line(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _key_line(text: str, key: str) -> int:
    """The line where ``key`` is set under a faq-check table, or the table's header."""
    in_table, header = False, 1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = "faq-check" in stripped
            header = number if in_table and header == 1 else header
            if in_table and stripped.strip("[]").strip().endswith(f"faq-check.{key}"):
                return number
        elif in_table and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return header
