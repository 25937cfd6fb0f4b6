"""
An edit to a block's source, and the arithmetic to make one from ``ast``
positions (which count UTF-8 bytes, not characters).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """
    One mutation of one block: ``spans`` are ``(start, end, replacement)``
    character offsets into the block's (dedented) source, not overlapping;
    ``operator`` names the rule and ``description`` says what it did.
    """

    operator: str
    description: str
    spans: tuple[tuple[int, int, str], ...]

    def apply(self, source: str) -> str:
        for start, end, replacement in sorted(self.spans, reverse=True):
            source = source[:start] + replacement + source[end:]
        return source


class Positions:
    """Character offsets of ``ast`` node positions in one source text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._lines = source.splitlines(keepends=True)
        self._starts = [0]
        for line in self._lines:
            self._starts.append(self._starts[-1] + len(line))

    def offset(self, lineno: int, col_bytes: int) -> int:
        line = self._lines[lineno - 1] if lineno - 1 < len(self._lines) else ""
        return self._starts[lineno - 1] + len(line.encode("utf-8")[:col_bytes].decode("utf-8", "replace"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def text(self, node: ast.AST) -> str:
        return self.source[self.start(node):self.end(node)]


def short(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for a mutant's description."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
