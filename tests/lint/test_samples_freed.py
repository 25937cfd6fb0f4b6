"""
The samples and API-name checks leave no reference cycles: a document's
compiled units, their trees and pyflakes' state for each block are freed
by reference counting as soon as the document is let go, not by the
garbage collector later (which first traverses them, and runs more often
the more they pile up: 137,000 such objects on Twisted 26.10's docs).
"""

from __future__ import annotations

import ast
import gc
from pathlib import Path

from pyflakes import checker

from faq_checks.lint.checks.apis import check_apis
from faq_checks.lint.checks.compiling import Compiled
from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.checks.units import Unit
from faq_checks.lint.document import parse_text
from faq_checks.lint.model import Context, InputError

ROOT = Path(__file__).resolve().parents[2]
#: A Python 2 block (kept errors), a session, a function-body fragment, imports used later and not at all.
CRAFTED = """\
Title
=====

.. code-block:: python

    print "hello"
    except ValueError, e: pass

.. code-block:: python

    from twisted.internet import defer, reactor
    import os
    return defer.succeed(1)

>>> from twisted.web import server
>>> x = server.Site

.. code-block:: python

    def f(a: int, *b, **c) -> None:
        class K(reactor.__class__):
            y = [a for a in b]
        return K
"""


def _ours(found: object) -> bool:
    return isinstance(found, (ast.AST, Compiled, Unit, checker.Binding, checker.Scope, checker.Checker)) \
        or type(found).__name__ == "frame"


def test_checked_documents_are_freed_without_the_garbage_collector():
    texts = [("crafted.rst", CRAFTED)]
    for path in sorted([*ROOT.glob("answers/**/*.rst"), *ROOT.glob("docs/**/*.rst")]):
        texts.append((str(path), path.read_text(encoding="utf-8")))
    context = Context({})
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        checked = 0
        for path, text in texts:
            try:
                document = parse_text(path, text)
            except InputError:
                continue
            checked += len(list(check_samples(document, context))) + len(list(check_apis(document, context)))
            del document
        gc.collect()
        left = [type(found).__name__ for found in gc.garbage if _ours(found)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert checked > 0
    assert left == [], f"{len(left)} objects of the checks were left in reference cycles: {sorted(set(left))}"
