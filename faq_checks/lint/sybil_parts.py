"""
The parts of Sybil the linter uses -- its reST lexers and the capture
parser's regex -- without the rest of Sybil's parsers.

Importing ``sybil.parsers.rest.lexers`` first runs the ``__init__`` of
``sybil.parsers.rest`` and of ``sybil.parsers.abstract``, which import
every parser Sybil has; its doctest parser imports the standard library's
doctest, which imports pdb, unittest and difflib.  That was 15-20 ms of
every lint's start-up (a one-file lint from an editor pays it on each save)
for modules no lint uses.  So the modules the linter needs are loaded from
their own files, under their own names, and registered in ``sys.modules``
as an import registers them: their imports of each other find them there,
and so does any later import of them, Sybil's own parsers' included, should
this process import those after all (the pytest plugin does).  Where they
or their package are imported already, or Sybil lays its files out
otherwise (another release), they are imported the usual way.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

import sybil

#: In the order they import each other.
PARTS = ("sybil.parsers.abstract.lexers", "sybil.parsers.rest.lexers", "sybil.parsers.rest.capture")


def part(name: str) -> ModuleType:
    """The module ``name`` (one of :data:`PARTS`), without its packages' ``__init__``."""
    if name in sys.modules:
        return sys.modules[name]
    path = os.path.join(os.path.dirname(sybil.__file__), *name.split(".")[1:]) + ".py"
    if name.rpartition(".")[0] in sys.modules or not os.path.isfile(path):
        return importlib.import_module(name)
    for earlier in PARTS[:PARTS.index(name)]:
        part(earlier)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


_lexers = part("sybil.parsers.rest.lexers")
DirectiveLexer = _lexers.DirectiveLexer
DirectiveInCommentLexer = _lexers.DirectiveInCommentLexer
CAPTURE_DIRECTIVE = part("sybil.parsers.rest.capture").CAPTURE_DIRECTIVE
