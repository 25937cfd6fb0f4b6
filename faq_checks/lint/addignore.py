"""
``faq-check lint --add-ignore``: silence every current finding where it is, as ruff's ``--add-noqa``.

The first step of adopting the linter on a big legacy tree, when a baseline
file is not wanted: afterwards the tree lints clean, and each comment names
the codes it silences, so removing one brings its findings back.  What is
added is what :mod:`.suppress` accepts at that spot, the narrowest first:

- on a line of a Python block (not an included file) that is a statement of
  its own, ``# noqa: CODE`` at its end (added to a ``# noqa: ...`` already
  there), which silences that line only;
- anywhere else (prose, a title, a session's output, a line inside a
  string or a bracket), ``.. faq-check: ignore CODE`` before the outermost
  element holding the line (a ``::`` literal block: before the paragraph
  that introduces it), at that element's own indentation.

Each comment is made for findings it silences, so CTL002 never fires on
what was added.  CTL codes are not silenced: they are about the comments
themselves.
"""

from __future__ import annotations

import io
import tokenize
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from faq_checks.lint.checks.units import python_units
from faq_checks.lint.document import parse_text
from faq_checks.lint.engine import Result
from faq_checks.lint.fix import Edit, Fix, Fixed, apply, edit
from faq_checks.lint.lexers.blocks import scan_source
from faq_checks.lint.model import Document, Finding
from faq_checks.lint.suppress import NOQA

UNSILENCED = ("CTL",)


def add_ignores(result: Result, read: Callable[[str], str]) -> Fixed:
    """Every file with findings, with the comments that silence them; the count of findings silenced."""
    state = Fixed()
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if not finding.code.startswith(UNSILENCED):
            by_path[finding.path].append(finding)
    for path, findings in by_path.items():
        text = read(path)
        document = parse_text(path, text)
        edits, silenced = _edits(document, findings)
        state.originals[path] = text
        state.texts[path], _ = apply(text, [Fix("silence", (e,)) for e in edits])
        state.fixed_in[path] = silenced
    return state


def _edits(document: Document, findings: list[Finding]) -> tuple[list[Edit], int]:
    statements = _statement_lines(document)
    noqa: dict[int, set[str]] = defaultdict(set)
    ignore: dict[int, set[str]] = defaultdict(set)
    scanned = scan_source(document.source)
    places = [replace(f, line=line, column=column) for f in findings for line, column in f.also]
    for finding in findings + places:  # a finding standing for more lines of its element: silenced on each
        if finding.line in statements:
            noqa[finding.line].add(finding.code)
        else:
            ignore[_element_start(scanned, finding.line - 1)].add(finding.code)
    edits = [_noqa_edit(document, line, codes) for line, codes in sorted(noqa.items())]
    edits += [_ignore_edit(document, scanned, first, codes) for first, codes in sorted(ignore.items())]
    return edits, len(findings)


def _statement_lines(document: Document) -> set[int]:
    """
    Document lines that are a whole Python statement of their own, in a
    block that compiles, where a ``# noqa`` comment may go.  A Python 2
    block's findings are read from its lines as the compiler rejects them,
    and a comment on them would change that reading: it gets an ignore
    comment instead.
    """
    from faq_checks.lint.checks.compiling import Compiled
    lines: set[int] = set()
    for unit in python_units(document):
        compiled = Compiled(unit)
        if unit.include or compiled.tree is None or compiled.python2:
            continue
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(unit.source).readline))
        except (tokenize.TokenError, SyntaxError):
            continue
        start = None
        for token in tokens:
            if token.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
                continue
            if token.type == tokenize.NEWLINE:
                if start is not None and start == token.start[0]:
                    lines.add(unit.line + start - 1)
                start = None
            elif start is None:
                start = token.start[0]
    return lines


def _noqa_edit(document: Document, line: int, codes: set[str]) -> Edit:
    text = document.source.text
    line_start = document.source.offset(line, 1)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    existing = NOQA.search(text, line_start, line_end)
    listed = ", ".join(sorted(codes))
    if existing and existing["codes"]:
        return edit(document.source, existing.end("codes"), existing.end("codes"), f", {listed}")
    content = text[line_start:line_end].rstrip()
    at = line_start + len(content)
    return edit(document.source, at, line_end, f"  # noqa: {listed}")


def _element_start(scanned, index: int) -> int:
    """The first line (0-based) of the outermost element holding line ``index``, where a comment goes before it."""
    blocks = scanned.blocks
    holding = [i for i, b in enumerate(blocks) if b.first <= index < max(b.last, b.first + 1)]
    if not holding:
        before = [i for i, b in enumerate(blocks) if b.first <= index]
        if not before:
            return 0
        holding = [before[-1]]
    chosen = holding[0]  # blocks come in document order, an element before those nested in it
    if blocks[chosen].kind == "literal" and chosen > 0:
        chosen -= 1  # the paragraph ending in ``::``: the comment's reach takes its literal block along
    return blocks[chosen].first


def _ignore_edit(document: Document, scanned, first: int, codes: set[str]) -> Edit:
    line = scanned.lines[first]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    before_blank = first == 0 or not scanned.lines[first - 1].strip()
    comment = f"{'' if before_blank else chr(10)}{indent}.. faq-check: ignore {', '.join(sorted(codes))}\n\n"
    at = document.source.offset(first + 1, 1)
    return edit(document.source, at, at, comment)
