"""
The block structure of a reST document, found line by line.

A forgiving scanner, not a parser: it never fails, and it knows only what the
other lexers need to tell prose from code -- paragraphs, section titles,
explicit markup (directives, comments, targets), ``::`` literal blocks and
``>>>`` doctest blocks.  Unknown directives are just directives.  Bodies of
directives that hold running text (``note``, ``warning``, ...) are scanned for
blocks of their own; other bodies are opaque.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from faq_checks.lint.lexers.columns import TAB_WIDTH, indentation, visual_indentation
from faq_checks.lint.model import SourceText

#: Directives whose body is running text: scanned for paragraphs.
PROSE_DIRECTIVES = frozenset("""
    admonition attention caution danger deprecated epigraph error highlights
    hint important note only pull-quote rst-class class container seealso
    sidebar tip topic versionadded versionchanged warning glossary hlist
    compound tab tabs div
""".split())

_MARKUP = re.compile(r"^([ \t]*)\.\.(?:[ \t]+|$)")
#: docutils allows one space before the colons: ``.. note ::`` is a directive (Twisted's docs write it so).
_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+(?P<name>[\w:.+-]+?) ?::(?:[ \t]+(?P<args>.*))?$")
_TARGET = re.compile(r"^[ \t]*\.\.[ \t]+_(?P<name>`[^`]+`|[^:]*?|_):(?:[ \t]+(?P<url>.*))?$")
_SUBSTITUTION = re.compile(r"^[ \t]*\.\.[ \t]+\|")
_FOOTNOTE = re.compile(r"^[ \t]*\.\.[ \t]+\[[^\]]+\][ \t]*")
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*$")
_BULLET = re.compile(r"^[ \t]*(?:[-*+\u2022]|\(?\d+[.)]|\(?#[.)]|\(?[a-zA-Z][.)])[ \t]+(?=\S)")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")


@dataclass
class Block:
    """
    One structural element: lines ``first`` to ``last`` (0-based, ``last``
    exclusive, trailing blank lines never included).  ``indent`` is the
    column of the element's text; ``name`` a directive's name and ``args``
    its arguments or a target's URL.
    """

    kind: str  # paragraph, title, directive, comment, target, literal, doctest, footnote
    first: int
    last: int
    indent: int
    name: str = ""
    args: str = ""
    title_style: str = ""


def _blank(line: str) -> bool:
    return not line.strip()


def _body_end(lines: list[str], start: int, stop: int, indent: int) -> int:
    """End of an indented body: lines blank or indented more than ``indent`` (in columns)."""
    end = index = start
    while index < stop:
        if not _blank(lines[index]):
            if visual_indentation(lines[index]) <= indent:
                break
            end = index + 1
        index += 1
    return end


def _paragraph_end(lines: list[str], start: int, stop: int) -> int:
    index = start
    while index < stop and not _blank(lines[index]):
        index += 1
    return index


def _title(lines: list[str], index: int, stop: int) -> tuple[int, str] | None:
    """The end and adornment style if a section title starts at ``index``."""
    line = lines[index]
    over = _ADORNMENT.match(line)
    if over and index + 2 < stop and not _blank(lines[index + 1]):
        under = _ADORNMENT.match(lines[index + 2])
        if under and under.group(1) == over.group(1):
            return index + 3, "over" + over.group(1)
    if index + 1 < stop and indentation(line) == 0 and not over:
        under = _ADORNMENT.match(lines[index + 1])
        if under:
            return index + 2, under.group(1)
    return None


def _text_indent(line: str, visual: bool = False) -> int:
    bullet = _BULLET.match(line)
    end = bullet.end() if bullet else indentation(line)
    return len(line[:end].expandtabs(TAB_WIDTH)) if visual else end


#: Directives nested deeper than this are opaque (as any unknown body is): a
#: crafted document of hundreds of nested ``.. note::`` must not exhaust the stack.
MAX_DEPTH = 40


def scan(lines: list[str], start: int = 0, stop: int | None = None, depth: int = 0) -> list[Block]:
    """Every block between two line indices, in order, nested ones included."""
    stop = len(lines) if stop is None else stop
    blocks: list[Block] = []
    index = start
    while index < stop:
        line = lines[index]
        if _blank(line):
            index += 1
            continue
        if _MARKUP.match(line):
            index = _markup(lines, index, stop, blocks, depth)
            continue
        title = _title(lines, index, stop)
        if title:
            blocks.append(Block("title", index, title[0], 0, title_style=title[1]))
            index = title[0]
            continue
        if _ADORNMENT.match(line):  # a transition
            index += 1
            continue
        index = _paragraph(lines, index, stop, blocks)
    return blocks


def _paragraph(lines: list[str], index: int, stop: int, blocks: list[Block]) -> int:
    end = _paragraph_end(lines, index, stop)
    if lines[index].lstrip().startswith(">>>"):
        blocks.append(Block("doctest", index, end, indentation(lines[index])))
        return end
    blocks.append(Block("paragraph", index, end, _text_indent(lines[index])))
    if not lines[end - 1].rstrip().endswith("::"):
        return end
    base = visual_indentation(lines[end - 1]) if end - 1 > index else _text_indent(lines[index], visual=True)
    body_end = _body_end(lines, end, stop, base)
    if body_end > end:
        first = next(i for i in range(end, body_end) if not _blank(lines[i]))
        blocks.append(Block("literal", first, body_end, indentation(lines[first])))
        return body_end
    return end


def _markup(lines: list[str], index: int, stop: int, blocks: list[Block], depth: int = 0) -> int:
    line = lines[index].rstrip("\n")
    indent = indentation(line)
    end = _body_end(lines, index + 1, stop, visual_indentation(line))
    end = max(end, index + 1)
    directive = _DIRECTIVE.match(line)
    target = _TARGET.match(line)
    if directive:
        name = directive["name"].lower()
        blocks.append(Block("directive", index, end, indent, name, (directive["args"] or "").strip()))
        if name in PROSE_DIRECTIVES and depth < MAX_DEPTH:
            blocks.extend(scan(lines, _options_end(lines, index + 1, end), end, depth + 1))
    elif target:
        # A target's link block ends at its first blank line (as docutils reads it): text indented
        # after that is a block quote, running text, not more of the URL.
        end = next((i for i in range(index + 1, end) if _blank(lines[i])), end)
        url = " ".join([target["url"] or ""] + [lines[i].strip() for i in range(index + 1, end)]).strip()
        blocks.append(Block("target", index, end, indent, target["name"].strip("`"), url))
    elif _FOOTNOTE.match(line):
        blocks.append(Block("footnote", index, end, _FOOTNOTE.match(line).end()))
    elif _SUBSTITUTION.match(line):
        blocks.append(Block("comment", index, end, indent, "substitution"))
    else:
        blocks.append(Block("comment", index, end, indent, line.strip()[2:].strip()))
    return end


def _options_end(lines: list[str], index: int, end: int) -> int:
    """Skip a directive's ``:option:`` lines, which are not running text."""
    while index < end and _OPTION.match(lines[index]):
        index += 1
    return index


@dataclass
class Scanned:
    """A document's text, its lines and its blocks: what every lexer starts from."""

    source: SourceText
    #: The source's lines, each with its "\n" (:func:`split_lines`).
    lines: list[str]
    blocks: list[Block]
    _offsets: list[int] = field(default_factory=list, repr=False)

    def offset(self, line_index: int) -> int:
        """Offset of the start of a 0-based line."""
        return self._offsets[min(line_index, len(self.lines))]

    def __post_init__(self) -> None:
        # The source already knows where each line starts; a last line without
        # "\n" also needs the end of the text.
        starts = self.source.line_starts
        self._offsets = starts if len(starts) > len(self.lines) else starts + [len(self.source.text)]


def split_lines(text: str) -> list[str]:
    """
    The text's lines, each ending with its "\n" (the last may not): split
    on "\n" alone, as docutils does once it has normalised line ends (not
    ``str.splitlines``, which also splits on form feeds and U+2028).
    """
    pieces = text.split("\n")
    last = pieces.pop()
    lines = [piece + "\n" for piece in pieces]
    if last:
        lines.append(last)
    return lines


def scan_source(source: SourceText) -> Scanned:
    lines = split_lines(source.text)
    return Scanned(source, lines, scan(_unbulleted(lines)))


def _unbulleted(lines: list[str]) -> list[str]:
    """
    The lines with each list item that opens with explicit markup (``- ..
    _label:``) scanned as that markup at the item's indentation: the bullet
    becomes spaces, so every offset stays where it was.  Only a line holding
    ".." can be one (a thirtieth of Twisted's lines), so only those are
    matched; a copy of the list is made only when one is changed.
    """
    unbulleted = lines
    for index in [index for index, line in enumerate(lines) if ".." in line]:
        line = lines[index]
        bullet = _BULLET.match(line)
        if bullet and line.startswith("..", bullet.end()):
            unbulleted = list(lines) if unbulleted is lines else unbulleted
            unbulleted[index] = " " * bullet.end() + line[bullet.end():]
    return unbulleted
