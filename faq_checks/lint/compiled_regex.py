"""
A compiled regex pickled with its compiled program, so that reading it back
skips ``re``'s parser and code generator.

A regex pickles as its text and flags, and unpickling compiles it again:
for the built-in catalogue's 62 regexes that was 17-20 ms of every run's
start-up, more than the rest of reading the catalogue cache, while
rebuilding them from their programs takes 0.2 ms.  The program is
CPython's own (what ``re._compiler`` hands ``_sre.compile``) and holds only
for the Python that wrote it, which is why only a cache keyed by
``sys.version`` keeps it (:mod:`.catalogue_cache`).  ``_sre`` checks every
program it is given ("invalid SRE code"), and whatever fails -- another
interpreter, another format, a damaged file -- is compiled from its text,
as ``re`` would: the pattern read back is always the regex it was.
"""

from __future__ import annotations

import re


def reduce(value: object):
    """For a :class:`pickle.Pickler`'s ``reducer_override``: a regex as :func:`rebuild` and its program."""
    if not isinstance(value, re.Pattern):
        return NotImplemented
    try:
        return rebuild, program(value)
    except Exception:  # an interpreter without these internals: pickled as re pickles it
        return NotImplemented


def program(pattern: re.Pattern) -> tuple:
    """What ``_sre.compile`` takes to make ``pattern`` again, computed as ``re._compiler.compile`` does."""
    from re import _compiler, _parser
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    code = [int(op) for op in _compiler._code(parsed, pattern.flags)]  # opcodes are int subclasses of re's
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (pattern.pattern, pattern.flags | parsed.state.flags, code, parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def rebuild(text, flags, code, groups, groupindex, indexgroup) -> re.Pattern:
    """The regex whose program this is; compiled from ``text`` and ``flags`` if the program is refused."""
    try:
        return from_program((text, flags, code, groups, groupindex, indexgroup))
    except Exception:
        return re.compile(text, flags)


def from_program(program: tuple) -> re.Pattern:
    """The regex a :func:`program` makes; raises if ``_sre`` refuses it (or the tuple is not one)."""
    import _sre
    return _sre.compile(*program)
