"""
The built-in catalogue as parsed before, so that a run does not parse and validate it again.

Loading ``data/catalogue.toml`` means reading the TOML, compiling every
rule's regexes, deriving each rule's prefilter from ``re``'s own parse of
its regex (:mod:`.prefilter`), refusing dangerous regex shapes and running
every rule's fixtures: 60-66 ms of every run's start-up here, a sixth of a
one-file lint's CPU, before a single document is read.  What comes out
depends only on the catalogue's text, the code that reads it and the
Python running it, so it is kept, pickled, in
``$XDG_CACHE_HOME/faq-checks/catalogue-KEY.pickle`` with KEY a digest of
those, as Python keeps ``.pyc`` files: editing the catalogue or that code,
or another Python, is another KEY.  Its regexes are kept with their
compiled programs (:mod:`.compiled_regex`), so reading it back compiles
nothing: ~3 ms in all, where compiling them again took 17-20 ms.

Like the other caches it only ever costs time: a missing, corrupt or
foreign file, or one naming anything but this package's classes and
``re``'s compiler (:mod:`.safepickle`), is parsed afresh, and a folder that
cannot be written is simply not written.  A catalogue that does not parse
raises as it always did, and is never kept.  ``--no-cache`` is about the
documents' results; this, like the name cache, is about the linter itself.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from typing import TypeVar

from faq_checks import cachefile
from faq_checks.lint import compiled_regex, safepickle

MARKER = b"faq-check catalogue cache 2\n"
#: A cache file larger than this is not ours (the built-in catalogue pickles to ~50 kB): a miss.
MAX_BYTES = 4 * 1024 * 1024
#: The modules whose code decides what a parsed catalogue holds (tests/lint/test_catalogue_cache.py
#: checks that these are all the modules of this package the catalogue imports).
READERS = ("catalogue", "catalogue_entries", "catalogue_schema", "codes", "compiled_regex", "model", "outside",
           "prefilter", "prefilter_compile", "prefilter_gate", "prefilter_need", "regexshape", "versions")
_HERE = os.path.dirname(os.path.abspath(__file__))
#: A regex that could not be kept with its program pickles as a call of ``re._compile(pattern, flags)``.
_ALLOWED = frozenset({("re", "_compile")})

Parsed = TypeVar("Parsed")


def cached(text: str, source: str, parse: Callable[[str, str], Parsed], kind: type) -> Parsed:
    """``parse(text, source)``, or what it returned before for the same text, code and Python."""
    path = os.path.join(cachefile.user_cache_dir(), f"catalogue-{key(text, source)}.pickle")
    found = safepickle.read(path, MARKER, MAX_BYTES, _ALLOWED)
    if isinstance(found, kind):
        return found
    parsed = parse(text, source)
    safepickle.write(path, MARKER, parsed, compiled_regex.reduce)
    return parsed


def key(text: str, source: str) -> str:
    """A digest of the catalogue's text and name, the readers' code, and this Python."""
    digest = hashlib.sha256(MARKER + sys.version.encode() + b"\0" + source.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    for name in READERS:
        with open(os.path.join(_HERE, f"{name}.py"), "rb") as handle:
            digest.update(b"\0" + handle.read())
    return digest.hexdigest()[:24]
