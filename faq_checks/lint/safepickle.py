"""
Pickles this package wrote to its caches, read back without letting them run code.

A cache file lives in the user's cache folder, where anything may have
replaced it; unpickling may call any importable function it names.  So a
cache is read with :class:`Restricted`, which lets through only this
package's own classes and functions, a few builtin types, and what a caller
names besides (the catalogue's compiled regexes need ``re._compile``).
Anything else fails the load, which every cache treats as a miss.
"""

from __future__ import annotations

import io
import os
import pickle

_BUILTINS = frozenset({"set", "frozenset", "slice", "complex", "bytearray", "range"})
_PATHS = frozenset({"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"})


def load(data: bytes, extra: frozenset[tuple[str, str]] = frozenset()) -> object:
    """The object pickled in ``data``; raises (any exception) if it is corrupt or names anything not allowed."""
    return Restricted(io.BytesIO(data), extra).load()


class Restricted(pickle.Unpickler):
    """Unpickles only this package's classes and functions, a few builtins, and ``extra`` (module, name) pairs."""

    def __init__(self, stream, extra: frozenset[tuple[str, str]] = frozenset()) -> None:
        super().__init__(stream)
        self.extra = extra

    def find_class(self, module: str, name: str):
        if module == "faq_checks" or module.startswith("faq_checks."):
            found = super().find_class(module, name)
            defined = getattr(found, "__module__", None) or ""  # not a name a module of ours imported
            if isinstance(found, type) or callable(found) and not isinstance(found, type(os)):
                if defined == "faq_checks" or defined.startswith("faq_checks."):
                    return found
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache")
        if (module == "builtins" and name in _BUILTINS or module == "pathlib" and name in _PATHS
                or (module, name) in self.extra):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache")
