"""
Resolve dotted Twisted names against the installed Twisted, in a child process.

Importing a Twisted module can have side effects: sixteen modules of 26.10
install the global reactor on import, some print, some need optional
packages or another platform.  So names are resolved in an isolated child
(``python -I``, see :mod:`.resolution`, which runs it): names come in on
stdin, one JSON string a line, as the linter finds them, and one JSON line
per name goes out on the original stdout, which imports cannot write to.  Nothing here
calls a reactor's ``install()`` or imports ``twisted.internet.reactor``.

Deprecation is read from Twisted's own metadata: the ``deprecatedVersion``
that :func:`twisted.python.deprecate.deprecated` stamps on callables (and
on a deprecated property's getter), the ``_DeprecatedAttribute`` records a
``_ModuleProxy`` keeps for ``deprecatedModuleAttribute`` (which is also how
a package deprecates a submodule), and the ``DeprecationWarning`` a
deprecated module emits when imported, in Twisted's standard wording.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import os
import re
import sys
import warnings

from faq_checks.lint.introspect import MISSING, UNKNOWN, attribute, deprecation_of, proxied_deprecation
from faq_checks.lint.resolved import ANYWHERE, SCRIPT

_WARNED = re.compile(r"(?P<fqpn>twisted[\w.]*) was deprecated (?:in|at|since) (?:Twisted )?(?P<version>\d+(?:\.\d+)+\w*)"
                     r"(?:[.;:]\s*(?P<detail>.*))?", re.DOTALL)
REACTOR = "twisted.internet.reactor"


def _result(status: str, at: str = "", version: str = "", detail: str = "") -> dict:
    return {"status": status, "at": at, "version": version, "detail": detail}


#: Deprecated modules seen warning, by name.  A module warns only on its
#: first import, which may have been another module's import of it
#: (``twisted.web.domhelpers`` imports ``twisted.web.microdom``): so every
#: warning caught is kept, and the answer for a name never depends on which
#: names were resolved before it.
_MODULE_DEPRECATIONS: dict[str, dict] = {}


def _import(name: str) -> tuple[object | None, dict | None]:
    """The module, or a result saying why not; a deprecation warning it emits is a result too."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            module = importlib.import_module(name)
            failure = None
        except ModuleNotFoundError as error:
            module = None
            missing = error.name or ""
            failure = _result("missing" if missing == name else "unverifiable", name, detail=f"needs {missing}")
        except BaseException as error:  # SystemExit, platform checks, anything
            module = None
            failure = _result("unverifiable", name, detail=f"{type(error).__name__}: {error}"[:200])
    for warning in caught:
        match = _WARNED.search(str(warning.message))
        if match and issubclass(warning.category, DeprecationWarning):
            detail = (match["detail"] or "").strip()
            _MODULE_DEPRECATIONS.setdefault(match["fqpn"], _result("deprecated", match["fqpn"], match["version"], detail))
    if name in _MODULE_DEPRECATIONS:
        return module, _MODULE_DEPRECATIONS[name]
    return module, failure


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except BaseException:
        return False


def resolve(name: str, anywhere: bool = False) -> dict:
    """Walk ``twisted.a.b.c`` part by part: modules by import, everything else by attribute."""
    parts = name.split(".")
    if parts[0] != "twisted" and not anywhere:
        return _result("ok")
    container: object = None
    path, deprecated = "", None
    for part in parts:
        full = f"{path}.{part}" if path else part
        if container is not None:
            found = proxied_deprecation(container, part)
            deprecated = deprecated or (found and _result("deprecated", full, *found))
        if full == REACTOR:
            container, path = _ReactorStandIn, full
            continue
        value = MISSING if container is None else attribute(container, part)
        if value is MISSING and (container is None or hasattr(container, "__path__")) and _is_module(full):
            module, failure = _import(full)
            if failure and failure["status"] == "deprecated":
                deprecated = deprecated or failure
                failure = None if module is not None else _result("unverifiable", full)
            if failure:
                return deprecated or failure
            value = module
        if value is MISSING:
            return deprecated or _result("missing", path, detail=part)
        deprecated = deprecated or _MODULE_DEPRECATIONS.get(full)  # imported, and warned, before
        if value is UNKNOWN:  # an instance attribute: nothing deeper can be checked
            return deprecated or _result("ok", full)
        found = deprecation_of(value)
        deprecated = deprecated or (found and _result("deprecated", full, *found))
        container, path = value, full
    return deprecated or _result("ok", path)


def script(name: str) -> dict:
    """
    Whether an installed distribution declares the console script ``name``
    (not whatever is on PATH).  Asked here rather than in the linter:
    importing ``importlib.metadata`` and reading every distribution's entry
    points cost each worker that met a gone script ~45 ms.
    """
    from importlib import metadata

    return _result("ok" if metadata.entry_points(group="console_scripts", name=name) else "missing", name)


class _ReactorStandIn:
    """``twisted.internet.reactor`` without installing one: its class's and its interfaces' names."""


def _reactor_names() -> None:
    """Every reactor's methods, read from the reactor modules' source so that none need importing."""
    from twisted.internet import interfaces
    names: set[str] = set()
    for value in vars(interfaces).values():
        if getattr(value, "__name__", "").startswith("IReactor") and hasattr(value, "names"):
            names |= set(value.names(all=True))
    folder = os.path.dirname(interfaces.__file__)
    for filename in os.listdir(folder):
        if filename.endswith(".py") and ("reactor" in filename or filename in _REACTOR_BASES):
            names |= _class_members(os.path.join(folder, filename))
    for name in {n for n in names if not n.startswith("__")}:
        setattr(_ReactorStandIn, name, UNKNOWN)


_REACTOR_BASES = ("base.py", "posixbase.py", "_threadedselect.py", "_glibbase.py")


def _class_members(path: str) -> set[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError):
        return set()
    members = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.add(item.name)
                elif isinstance(item, ast.Assign):
                    members |= {t.id for t in item.targets if isinstance(t, ast.Name)}
    return members


def _names(lines):
    """Names as they come: one JSON string a line (a line holding a JSON list gives each of its names)."""
    for line in lines:
        try:
            value = json.loads(line)
        except ValueError:
            continue
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str):
                yield name


def main() -> None:
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever imports print goes to stderr, not into our answers
    sys.stdout = sys.stderr
    _reactor_names()  # while the linter is still reading documents
    for name in _names(sys.stdin):
        try:
            result = answer(name)
        except BaseException as error:
            result = _result("unverifiable", name, detail=f"{type(error).__name__}: {error}"[:200])
        out.write(json.dumps({"name": name, **result}) + "\n")
        out.flush()


def answer(name: str) -> dict:
    """One question: a console script (``script:``), a name anywhere (``any:``), or a Twisted name."""
    if name.startswith(SCRIPT):
        return script(name[len(SCRIPT):])
    anywhere = name.startswith(ANYWHERE)
    return resolve(name[len(ANYWHERE):] if anywhere else name, anywhere)


if __name__ == "__main__":
    main()
