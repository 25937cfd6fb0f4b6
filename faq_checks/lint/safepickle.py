"""
Pickles this package keeps in its caches: written whole behind a marker,
read back without letting them run code.

A cache file lives in the user's cache folder, where anything may have
replaced it; unpickling may call any importable function it names.  So a
cache is read with :class:`Restricted`, which lets through only this
package's own classes and functions, a few builtin types, and what a caller
names besides (a regex the catalogue could not keep compiled needs ``re._compile``).
Anything else fails the load, which every cache treats as a miss; so is a
missing, oversized or foreign file (:func:`read`).  Writing (:func:`write`)
never fails a run: a cache that cannot be kept only costs time.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
from collections.abc import Callable

from faq_checks import cachefile

_BUILTINS = frozenset({"set", "frozenset", "slice", "complex", "bytearray", "range"})
_PATHS = frozenset({"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"})


def read(path: str, marker: bytes, max_bytes: int, extra: frozenset[tuple[str, str]] = frozenset()) -> object:
    """What :func:`write` left at ``path`` behind ``marker``; None for a missing, larger, foreign or refused file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    if len(data) > max_bytes or not data.startswith(marker):
        return None
    try:
        return load(data[len(marker):], extra)
    except Exception:  # corrupt, truncated, or naming something that is not allowed
        return None


def write(path: str, marker: bytes, value: object, reduce: Callable[[object], object] | None = None) -> None:
    """
    ``value`` pickled behind ``marker`` at ``path``, written whole (a reader
    sees the old file or the new one).  Not synced: an entry lost in a crash
    is only a miss.  A value that does not pickle (or nests too deep), or a
    folder that cannot be written, leaves nothing written.  ``reduce``, if
    given, is the pickler's ``reducer_override`` (how the catalogue keeps its
    regexes compiled, :mod:`.compiled_regex`).
    """
    try:
        buffer = io.BytesIO()
        (_Overriding(buffer, reduce) if reduce else pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)).dump(value)
        data = marker + buffer.getvalue()
    except Exception:
        return
    with contextlib.suppress(OSError):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        cachefile.write_whole(path, data, durable=False)


class _Overriding(pickle.Pickler):
    """A pickler that asks ``reduce`` first how to pickle each object (``NotImplemented``: as usual)."""

    def __init__(self, stream, reduce: Callable[[object], object]) -> None:
        super().__init__(stream, pickle.HIGHEST_PROTOCOL)
        self._reduce = reduce

    def reducer_override(self, value: object) -> object:
        return self._reduce(value)


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
