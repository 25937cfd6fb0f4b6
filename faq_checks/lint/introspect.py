"""
Looking inside live Twisted objects: attributes and deprecation metadata.

Used by :mod:`.resolver` in its child process.  An attribute may exist only
on instances (``self.transport = ...`` in a method) or only in a zope
interface's declaration; those count as existing, but nothing deeper can be
checked, so they come back as :data:`UNKNOWN`.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
import warnings
from functools import lru_cache

MISSING = object()
UNKNOWN = object()
_REPLACEMENT = re.compile(r"Deprecated in Twisted \S+?;\s*(?P<replacement>please use .+? instead)\.", re.DOTALL)


def version_text(version: object) -> str:
    """``22.10.0`` from an ``incremental.Version``."""
    try:
        return str(version.public())  # type: ignore[attr-defined]
    except Exception:
        return str(version)


def _is_version(value: object) -> bool:
    return type(value).__name__ == "Version" and hasattr(value, "major")


def deprecation_of(value: object) -> tuple[str, str] | None:
    """(version, advice) from ``deprecatedVersion``, as stamped by ``twisted.python.deprecate``."""
    holders = [value, getattr(value, "fget", None)] if isinstance(value, property) else [value]
    for holder in holders:
        try:
            version = getattr(holder, "deprecatedVersion", None)
        except Exception:
            continue
        if _is_version(version):
            match = _REPLACEMENT.search(getattr(holder, "__doc__", None) or "")
            return version_text(version), re.sub(r"\s+", " ", match["replacement"]) if match else ""
    return None


def proxied_deprecation(container: object, name: str) -> tuple[str, str] | None:
    """(version, message) when ``name`` is a ``deprecatedModuleAttribute`` of a module proxy."""
    if type(container).__name__ != "_ModuleProxy":
        return None
    try:
        records = object.__getattribute__(container, "_deprecatedAttributes")
    except AttributeError:
        return None
    record = records.get(name)
    if record is None:
        return None
    return version_text(record.version), str(getattr(record, "message", "") or "")


def attribute(container: object, name: str) -> object:
    """``container.name``; :data:`UNKNOWN` if only instances or a declaration have it; else :data:`MISSING`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return getattr(container, name)
        except AttributeError:
            pass
        except Exception:  # a descriptor that needs an instance
            return UNKNOWN
    names = getattr(container, "names", None)
    if type(container).__name__ == "InterfaceClass" and callable(names) and name in names(all=True):
        return UNKNOWN
    if isinstance(container, type) and name in instance_attributes(container):
        return UNKNOWN
    return MISSING


@lru_cache(maxsize=None)
def instance_attributes(cls: type) -> frozenset[str]:
    """Names a class's instances get: ``self.X`` assignments, slots, dataclass and attrs fields."""
    names: set[str] = set()
    for klass in inspect.getmro(cls):
        names |= set(getattr(klass, "__slots__", ()) or ())
        names |= set(getattr(klass, "__dataclass_fields__", {}) or {})
        names |= {a.name for a in getattr(klass, "__attrs_attrs__", ()) or ()}
        names |= set(getattr(klass, "__annotations__", {}) or {})
        names |= _assigned_in_source(klass)
    return frozenset(names)


def _assigned_in_source(klass: type) -> set[str]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
    except Exception:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                found.add(node.attr)
    return found
