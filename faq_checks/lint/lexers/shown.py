"""
The files a document shows rather than links: ``include``, ``image`` and
``figure`` directives, and ``image`` substitutions (``.. |logo| image:: x``).

Each becomes a ``FILE`` region whose text is the argument as written and
whose ``directive`` attribute names what asked for it.  Arguments that are
not files on this disk are left out: URLs, docutils' standard includes in
angle brackets (``<isonum.txt>``), and anything still holding a
substitution or a template field.  ``literalinclude`` is a code region of
its own (:mod:`faq_checks.lint.lexers.code`).
"""

from __future__ import annotations

import re

from faq_checks.lint.lexers.blocks import Scanned
from faq_checks.lint.model import Region, RegionKind

SHOWN = frozenset({"include", "image", "figure"})
_SUBSTITUTED = re.compile(r"^[ \t]*\.\.[ \t]+\|[^|]+\|[ \t]+(?P<name>image|figure)[ \t]*::[ \t]+(?P<args>\S.*)$")
_NOT_A_FILE = re.compile(r"^<.*>$|://|^data:|[|{}]")


def shown_regions(scanned: Scanned) -> list[Region]:
    regions = []
    for block in scanned.blocks:
        if block.kind == "directive" and block.name in SHOWN:
            name, argument = block.name, block.args.strip()
        elif block.kind == "comment" and block.name == "substitution":
            match = _SUBSTITUTED.match(scanned.lines[block.first].rstrip("\r\n"))
            if not match:
                continue
            name, argument = match["name"], match["args"].strip()
        else:
            continue
        if not argument or _NOT_A_FILE.search(argument):
            continue
        line_text = scanned.lines[block.first]
        column = line_text.find(argument, line_text.index("::") + 2)
        start = scanned.offset(block.first) + column
        regions.append(Region(RegionKind.FILE, start, start + len(argument), block.first + 1, column + 1,
                              argument, {"directive": name}))
    return regions
