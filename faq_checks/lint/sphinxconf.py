"""
What a Sphinx project's ``conf.py`` says, read with ``ast`` and never run.

Running a project's ``conf.py`` runs its code (imports, ``sys.path``
edits, sometimes network calls), so only literal assignments at the top
level (and inside top-level ``if``/``try`` blocks) are read, with
``ast.literal_eval``; ``x += [...]``, ``x.append(...)`` and ``x.extend(...)``
with literals are followed.  A setting assigned anything else is recorded
as not knowable, so callers can stay quiet instead of guessing.

What the linter takes from it: ``exclude_patterns`` (those files are not
part of the project, so not linted), the intersphinx settings (a
cross-reference that another project's inventory may resolve cannot be
judged offline), ``extensions`` (``sphinx.ext.autosectionlabel`` makes
every section title a label), ``project`` (is this Twisted's own tree?),
and the folders pydoctor writes into the built site (``--html-output=
{outdir}/api`` in ``pydoctor_args``, as Twisted and pydoctor itself build
their API docs): their pages exist only after a build.  Those arguments are
read from every string literal in the assignment, f-strings and
concatenations around them notwithstanding.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from faq_checks.lint.outside import outside
from faq_checks.lint.upward import nearest_folder_with

WANTED = ("project", "exclude_patterns", "extensions", "intersphinx_mapping",
          "intersphinx_disabled_reftypes", "autosectionlabel_prefix_document")
_MUTATORS = ("append", "extend")


@dataclass(frozen=True)
class SphinxConf:
    """The literal settings of one ``conf.py``; ``folder`` is the Sphinx source root."""

    folder: str
    values: tuple[tuple[str, object], ...] = ()
    unknown: frozenset[str] = frozenset()
    intersphinx_settings: bool = False  # any intersphinx_* name assigned, literal or not
    #: Folders of the built site (relative to its root, which mirrors ``folder``) that pydoctor writes.
    generated: tuple[str, ...] = ()

    def get(self, name: str, default=None):
        return dict(self.values).get(name, default)

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(e for e in self.get("extensions", ()) if isinstance(e, str))

    @property
    def project(self) -> str:
        project = self.get("project", "")
        return project if isinstance(project, str) else ""

    def uses_intersphinx(self) -> bool:
        """Whether references may be resolved by another project's inventory."""
        return (self.intersphinx_settings or "sphinx.ext.intersphinx" in self.extensions
                or "extensions" in self.unknown)

    def intersphinx_resolves(self, reftype: str) -> bool:
        """
        Whether an unprefixed reference of ``reftype`` (``std:doc``, ``std:ref``)
        may be resolved from an inventory: Sphinx's default disables only
        ``std:doc``; a non-literal setting is not knowable, so: maybe.
        """
        if not self.uses_intersphinx():
            return False
        if "intersphinx_disabled_reftypes" in self.unknown:
            return True
        disabled = self.get("intersphinx_disabled_reftypes", ["std:doc"])
        return "*" not in disabled and reftype not in disabled

    def inventories(self) -> frozenset[str] | None:
        """The names ``intersphinx_mapping`` gives, when it is a literal dict (else None: not knowable)."""
        mapping = self.get("intersphinx_mapping")
        if "intersphinx_mapping" in self.unknown or not isinstance(mapping, dict):
            return None
        return frozenset(name for name in mapping if isinstance(name, str))

    def _inside(self, path: str) -> str | None:
        """``path`` relative to the source root, with ``/`` between parts; None outside it."""
        relative = os.path.relpath(os.path.abspath(path), self.folder).replace(os.sep, "/")
        return None if relative.startswith("../") else relative

    def built_only(self, path: str) -> bool:
        """Whether ``path`` (under the source root) lies in a folder only a build writes (pydoctor's output)."""
        relative = self._inside(path)
        return relative is not None and any(
            relative == folder or relative.startswith(folder + "/") for folder in self.generated)

    def excludes(self, path: str) -> bool:
        """Whether ``exclude_patterns`` takes ``path`` (or a folder above it) out of the project."""
        relative = self._inside(path)
        if relative is None:
            return False
        parts = relative.split("/")
        candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        return any(_glob(p).fullmatch(c) for p in self.get("exclude_patterns", ()) if isinstance(p, str)
                   for c in candidates)


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """Sphinx's pattern language: ``**`` crosses folders, ``*`` and ``?`` do not."""
    out = []
    for token in re.findall(r"\*\*|\*|\?|[^*?]+", pattern):
        out.append({"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token) or re.escape(token))
    return re.compile("".join(out))


def conf_for(path: str) -> SphinxConf | None:
    """The ``conf.py`` of the nearest Sphinx source root at or above ``path``'s folder."""
    start = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    folder = nearest_folder_with(start, "conf.py")
    return read_conf(os.path.join(folder, "conf.py")) if folder else None


def sphinx_excluded(path: str) -> bool:
    """Whether the Sphinx project ``path`` sits in leaves it out (``exclude_patterns``)."""
    conf = conf_for(path)
    return conf is not None and conf.excludes(path)


@outside
@lru_cache(maxsize=None)
def read_conf(path: str) -> SphinxConf:
    """The literal settings of ``path``; an unreadable or unparsable file is a conf with nothing known."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return SphinxConf(folder, unknown=frozenset(WANTED))
    values: dict[str, object] = {}
    unknown: set[str] = set()
    names: set[str] = set()
    generated: list[str] = []
    for statement in _top_level(tree.body):
        _read(statement, values, unknown, names)
        generated += _pydoctor_outputs(statement)
    return SphinxConf(folder, tuple(values.items()), frozenset(unknown),
                      any(n.startswith("intersphinx_") for n in names), tuple(dict.fromkeys(generated)))


_OUTPUT = re.compile(r"^--html-output=\{outdir\}/*(?P<folder>[^{}]*?)/*$")


def _pydoctor_outputs(statement: ast.stmt) -> list[str]:
    """The ``{outdir}/X`` folders named by ``--html-output=`` literals in a ``pydoctor_args`` assignment."""
    targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
    if not any(isinstance(t, ast.Name) and t.id == "pydoctor_args" for t in targets):
        return []
    found = []
    for node in ast.walk(statement.value):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = _OUTPUT.match(node.value.strip())
            if match and match["folder"] and ".." not in match["folder"].split("/"):
                found.append(match["folder"])
    return found


def _top_level(body: list[ast.stmt]):
    """Statements at module level, and inside its ``if``/``try`` blocks (either branch may run)."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from _top_level(statement.body + statement.orelse)
        elif isinstance(statement, ast.Try):
            yield from _top_level(statement.body + statement.orelse + statement.finalbody
                                  + [s for h in statement.handlers for s in h.body])


def _read(statement: ast.stmt, values: dict, unknown: set, names: set) -> None:
    target, value, extend = None, None, False
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    elif isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Add):
        target, value, extend = statement.target, statement.value, True
    elif (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
          and isinstance(statement.value.func, ast.Attribute) and statement.value.func.attr in _MUTATORS
          and len(statement.value.args) == 1):
        target, extend = statement.value.func.value, True
        value = statement.value.args[0]
        if statement.value.func.attr == "append":
            value = ast.List([value], ast.Load())
    if not isinstance(target, ast.Name):
        return
    names.add(target.id)
    if target.id not in WANTED:
        return
    try:
        literal = ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        unknown.add(target.id)
        return
    if extend and isinstance(values.get(target.id), (list, tuple)) and isinstance(literal, (list, tuple)):
        values[target.id] = list(values[target.id]) + list(literal)
    elif not extend:
        values[target.id] = literal
        unknown.discard(target.id)
    else:
        unknown.add(target.id)
