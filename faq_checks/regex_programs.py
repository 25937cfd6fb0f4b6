"""
The regexes a command's modules compile as they are imported, kept compiled
between runs, as Python keeps ``.pyc`` files.

Importing ``faq_checks.lint`` compiles some 120 regexes (ours and those of
the libraries it imports: Sybil's, pyflakes', the standard library's):
23-32 ms of every lint's start-up, a tenth of a one-file lint's CPU, spent
making the same programs from the same texts each time.  While the command
is imported, ``re``'s compiler is asked through :func:`imported`, which
hands back the regex made from the program kept last time
(:mod:`faq_checks.lint.compiled_regex`) when there is one; the programs of
exactly the regexes that import compiled are kept in
``$XDG_CACHE_HOME/faq-checks/regexes-KEY.pickle``, KEY naming the Python
whose programs they are.  Only regexes compiled while modules are imported
are kept (regexes written in code, never the text of a document or of a
project's configuration), and ``re`` is itself again once the import is
done.  A missing, damaged or foreign file, or a ``re`` without these
internals, only means compiling as before.
"""

from __future__ import annotations

import os
import re
import sys
from types import ModuleType

from faq_checks import cachefile
from faq_checks.lint import compiled_regex, safepickle

MARKER = b"faq-check regex programs 1\n"
#: Beyond this, a file is not ours (the linter's ~120 programs pickle to ~100 kB).
MAX_BYTES = 4 * 1024 * 1024


def imported(name: str) -> ModuleType:
    """The module ``name``, each regex its import compiles made from last time's program when one is kept."""
    from importlib import import_module
    compiler = getattr(re, "_compiler", None)
    real = getattr(compiler, "compile", None)
    if name in sys.modules or real is None:  # imported before (a test, a second call): nothing to compile
        return import_module(name)
    path = os.path.join(cachefile.user_cache_dir(), f"regexes-{_key()}.pickle")
    kept = safepickle.read(path, MARKER, MAX_BYTES)
    kept = kept if isinstance(kept, dict) else {}
    used: dict[tuple, object] = {}  # key -> program, or the regex compiled afresh

    def compiling(pattern, flags=0):
        key = (type(pattern).__name__, pattern, flags)
        program = kept.get(key)
        if isinstance(program, tuple) and program[:1] == (pattern,):
            try:
                made = compiled_regex.from_program(program)
            except Exception:  # refused: compiled below, and kept anew
                pass
            else:
                used[key] = program
                return made
        made = real(pattern, flags)
        used[key] = made
        return made

    compiler.compile = compiling
    try:
        return import_module(name)
    finally:
        compiler.compile = real
        if used and (used.keys() != kept.keys() or any(isinstance(value, re.Pattern) for value in used.values())):
            _keep(path, used)


def _keep(path: str, used: dict[tuple, object]) -> None:
    programs = {}
    for key, value in used.items():
        try:
            programs[key] = compiled_regex.program(value) if isinstance(value, re.Pattern) else value
        except Exception:  # internals another Python lacks: that regex is compiled each time
            continue
    safepickle.write(path, MARKER, programs)


def _key() -> str:
    import hashlib
    return hashlib.sha256(MARKER + sys.version.encode()).hexdigest()[:16]
