"""
An import a sample makes for a command to use, not for its own code.

A sample saved as a module and then named on a command line imports its
name for that command: Klein's twistd page saves ``from klein import
resource, route`` as ``helloworld.py`` and runs ``twistd -n web
--class=helloworld.resource``; an ASGI or WSGI page runs ``server
app:application``.  pyflakes sees an unused import; the reader sees the
point of the sample, and would not remove it.  So an unused import whose
name a later non-Python code block (a console, shell or configuration
block) reaches through a module, as ``module.name`` or ``module:name``, is
used.  The module must not be where the name came from: ``python -c
'import twisted.internet.reactor'`` is no use of a ``from
twisted.internet import reactor`` nobody calls.  Later Python blocks do not
count (``app.run`` there is a method; a session's later uses are the
pyflakes check's already), nor do a block that parses as Python.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

from faq_checks.lint.model import Document, Region, RegionKind


def used_by_a_later_command(document: Document, region: Region, imported: str, python: Container[int]) -> bool:
    """
    Whether a code block after ``region`` that is not Python (its start is
    not in ``python``, the starts of the blocks that parsed as Python) names
    the binding of ``imported`` (pyflakes' ``a.b`` or ``a.b as c``) through
    another module.
    """
    full, _, alias = imported.partition(" as ")
    name = alias or full.rpartition(".")[2]
    source = full.rpartition(".")[0]  # the module the name came from: "a" of "a.b" and of "a.b as c"
    through = _through(name)
    for later in document.of_kind(RegionKind.CODE):
        if later.start <= region.start or later.start in python or name not in later.text:
            continue
        for match in through.finditer(later.text):
            module = match.group(1)
            if module != source and not source.endswith("." + module):
                return True
    return False


@lru_cache(maxsize=256)
def _through(name: str) -> re.Pattern[str]:
    """``module.name`` or ``module:name``, compiled once per name (the same imports recur from page to page)."""
    return re.compile(rf"(?<![\w.])((?:[^\W\d]\w*\.)*[^\W\d]\w*)[.:]{re.escape(name)}(?!\w)")
