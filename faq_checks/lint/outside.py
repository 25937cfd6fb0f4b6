"""
What a document's check learns from outside its own text, recorded so that a cached result can be trusted.

A document's findings depend on its text, the settings and the linter, and
also on the disk around it: the labels of every file under its Sphinx root,
whether a ``:doc:`` target exists, what its ``conf.py`` says, the files its
``literalinclude`` directives show, a project's ``requires-python``.  Every
function that asks such a question is declared with :func:`outside`.  While
a document is checked (:func:`recording`), each call is recorded with its
arguments and a fingerprint of its answer (an exception is an answer too).
The result cache (:mod:`.resultcache`) keeps that list beside the result
and, before trusting the result in a later run, asks every question again
(:func:`still_true`): one different answer, and the document is checked
afresh.  A question answered once per process and kept in a memo is
recorded at every use (:func:`remembered`), not only the first time.

So a new outside question needs only the decorator; one asked without it
(a bare ``os.path.exists`` in a check) would let a cached result go stale,
which ``tests/lint/test_result_cache.py`` looks for by editing each kind
of outside file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterator

#: name -> the function as declared (with its own per-process cache, if any)
_DECLARED: dict[str, Callable] = {}
#: The recordings in progress, innermost last: a question is recorded in each.
_RECORDINGS: list[dict] = []

#: (name, args, kwargs, fingerprint of the answer)
Observation = tuple[str, tuple, tuple, str]


def outside(function: Callable) -> Callable:
    """Declare ``function`` as asking the world outside the document; its calls are recorded."""
    name = f"{function.__module__}.{function.__qualname__}"
    _DECLARED[name] = function

    @functools.wraps(function)
    def asked(*args, **kwargs):
        if not _RECORDINGS:
            return function(*args, **kwargs)
        try:
            answer = function(*args, **kwargs)
        except Exception as error:
            _record(name, args, kwargs, _raised(error))
            raise
        _record(name, args, kwargs, fingerprint(answer))
        return answer

    for attribute in ("cache_clear", "cache_info"):  # an lru_cache underneath stays reachable
        if hasattr(function, attribute):
            setattr(asked, attribute, getattr(function, attribute))
    return asked


def _record(name: str, args: tuple, kwargs: dict, answer: str) -> None:
    items = tuple(sorted(kwargs.items()))
    key = (name, fingerprint((args, items)))
    for recording in _RECORDINGS:
        recording[key] = (name, args, items, answer)


def _raised(error: Exception) -> str:
    return fingerprint(("raised", type(error).__name__, str(error)))


@contextlib.contextmanager
def recording() -> Iterator[dict]:
    """Every outside question asked inside the block; ``list(seen.values())`` are the observations."""
    seen: dict = {}
    _RECORDINGS.append(seen)
    try:
        yield seen
    finally:
        _RECORDINGS.remove(seen)


def remembered(memo: dict, key: object, make: Callable[[], object]):
    """``make()`` computed once per memo, its outside questions recorded at every use."""
    if key not in memo:
        with recording() as seen:
            value = make()
        memo[key] = (value, dict(seen))
    value, seen = memo[key]
    for active in _RECORDINGS:
        active.update(seen)
    return value


def still_true(observations: list[Observation]) -> bool:
    """Whether every question gets the same answer now (asked through each function's own cache)."""
    for name, args, items, answer in observations:
        function = _DECLARED.get(name)
        if function is None:
            return False
        try:
            now = fingerprint(function(*args, **dict(items)))
        except Exception as error:
            now = _raised(error)
        if now != answer:
            return False
    return True


def fingerprint(value: object) -> str:
    """A digest of ``value`` that is the same in every process (sets sorted, dataclasses by field)."""
    return hashlib.sha256(_canonical(value).encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(value: object) -> str:
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return f"{type(value).__name__}:{value!r}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}(" + ",".join(map(_canonical, value)) + ")"
    if isinstance(value, (set, frozenset)):
        return "set(" + ",".join(sorted(map(_canonical, value))) + ")"
    if isinstance(value, dict):
        return "dict(" + ",".join(sorted(f"{_canonical(k)}={_canonical(v)}" for k, v in value.items())) + ")"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{f.name}={_canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({fields})"
    return f"{type(value).__qualname__}:{value!r}"  # an address in the repr never matches: checked afresh
