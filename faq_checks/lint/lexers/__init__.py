"""
The lexers: each turns a scanned document into regions, and none judges.

``LEXERS`` is the order they run in; :func:`lex` runs them all and returns
the regions sorted by position.
"""

from __future__ import annotations

from collections.abc import Callable

from faq_checks.lint.lexers.blocks import Scanned, scan_source
from faq_checks.lint.lexers.code import code_regions
from faq_checks.lint.lexers.controls import control_regions
from faq_checks.lint.lexers.prose import prose_regions
from faq_checks.lint.lexers.shown import shown_regions
from faq_checks.lint.model import Region, SourceText

Lexer = Callable[[Scanned], list[Region]]

LEXERS: tuple[Lexer, ...] = (code_regions, prose_regions, control_regions, shown_regions)


def lex(source: SourceText) -> list[Region]:
    scanned = scan_source(source)
    regions = [region for lexer in LEXERS for region in lexer(scanned)]
    return sorted(regions, key=lambda region: (region.start, region.end))
