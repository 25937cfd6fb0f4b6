"""
Code blocks, found with Sybil's own lexers so that the linter and the test
runner agree on what a code block is and on the line it starts at.

Sybil finds ``code-block``/``code``/``sourcecode`` directives,
``invisible-code-block`` comments, ``doctest`` directives,
``literalinclude`` and sphinx-prompt's ``prompt`` (its first argument is the
language, the rest the prompt it draws); the block scanner adds ``::`` literal blocks and ``>>>``
doctest blocks.  A code region's ``text`` is its dedented source, its
``line``/``column`` are those of the source's first character, and its
attributes say ``directive``, ``language`` (``python``, ``pycon`` for
sessions, or whatever the document declared) and ``indent``.
"""

from __future__ import annotations

import re

from sybil import Document as SybilDocument

from faq_checks.lint.lexers.blocks import Scanned
from faq_checks.lint.lexers.columns import dedented_body
from faq_checks.lint.lexers.include import included
from faq_checks.lint.lexers.pythonish import is_ipython_session, is_session, looks_like_python
from faq_checks.lint.model import Region, RegionKind
from faq_checks.lint.prefilter import may_match
from faq_checks.lint.sybil_parts import DirectiveInCommentLexer, DirectiveLexer  # without Sybil's parsers

#: The lexers the runner's parsers use, plus ``doctest``, ``literalinclude`` and ``prompt``.
SYBIL_LEXERS = (
    DirectiveLexer(directive=r"(sourcecode|code-block|code)"),
    DirectiveInCommentLexer(directive=r"(invisible-)?code(-block)?"),
    DirectiveLexer(directive=r"doctest"),
    DirectiveLexer(directive=r"literalinclude"),
    DirectiveLexer(directive=r"prompt"),  # sphinx-prompt: ``.. prompt:: bash user@host:~$``, commands shown bare
)
PYTHON_NAMES = frozenset({"python", "python3", "py", "py3", "default", "pycon", "ipython"})


def _dropped(arguments: str | None) -> bool:
    """
    Whether a lexed block is left out because its arguments start with a
    colon: the comment lexer's ``:?`` delimiter also matches ``..
    code-block:: python``, whose arguments are then ``: python`` (a real
    directive, which the directive lexer reports).
    """
    return (arguments or "").strip().startswith(":")


#: Where a block the comment lexer keeps may start: "..", blanks, then ``code`` not followed by ``::``
#: or ``-block::`` (each kept block is; see :func:`_has_comment_directive`).  Led by the literal "..",
#: it is searched fast, where the lexer's ``^``-anchored start pattern is tried at every character.
_MAYBE_IN_COMMENT = re.compile(r"\.\.\s*(?:invisible-)?code(?!(?:-block)?::)")


def _has_comment_directive(text: str) -> bool:
    """
    Whether any block of the comment lexer would be kept: it lexes one per
    match of its start pattern (the same ``finditer``), and nearly all are
    real directives, dropped (over the Twisted, Scrapy and Buildbot docs, 6
    of 3912 are kept).  A kept block's directive (greedy:
    ``code-block`` where the text says so) is followed by no colon, or by
    one colon and arguments not starting with another: so the text after
    ``code`` is neither ``::`` nor ``-block::``, which ``_MAYBE_IN_COMMENT``
    looks for first.  Then one scan with the start pattern decides, which
    spares lexing, dedenting and dropping each real directive.
    """
    if not _MAYBE_IN_COMMENT.search(text):
        return False
    pattern = SYBIL_LEXERS[1].start_pattern
    return any(not _dropped(match["arguments"]) for match in pattern.finditer(text))


def _gate(index: int):
    """Lexer ``index``'s test of a document: its literal gate (a document without ``doctest`` never runs that lexer)."""
    may = may_match(SYBIL_LEXERS[index].start_pattern)
    if index == 1:
        return lambda text: may(text) and _has_comment_directive(text)
    return may


_MAY_START = tuple(_gate(index) for index in range(len(SYBIL_LEXERS)))


def code_regions(scanned: Scanned) -> list[Region]:
    """Every code block, outermost only: a block shown inside another is text."""
    found = sorted(_sybil_regions(scanned) + _scanned_regions(scanned), key=lambda r: (r.start, -r.end))
    kept: list[Region] = []
    for region in found:
        if not kept or region.start >= kept[-1].end:
            kept.append(region)
    return kept


def _sybil_regions(scanned: Scanned) -> list[Region]:
    document = SybilDocument(scanned.source.text, scanned.source.path)
    regions = []
    for lexer, may_start in zip(SYBIL_LEXERS, _MAY_START):
        if not may_start(scanned.source.text):
            continue
        try:
            lexed_regions = list(lexer(document))
        except Exception:  # a lexer that cannot cope describes nothing
            continue
        for lexed in lexed_regions:
            region = _from_sybil(scanned, lexed)
            if region is not None:
                regions.append(region)
    return regions


def _from_sybil(scanned: Scanned, lexed) -> Region | None:
    lexemes = lexed.lexemes
    directive = lexemes["directive"]
    if _dropped(lexemes.get("arguments")):
        return None
    arguments = (lexemes.get("arguments") or "").strip()
    header_line, _ = scanned.source.line_column(lexed.start)
    line, text, indent = _body(scanned, header_line, lexemes["source"])
    attributes = {"directive": directive, "indent": str(indent)}
    attributes.update({f"option:{k}": v for k, v in lexemes.get("options", {}).items()})
    if directive == "literalinclude":
        return _include(scanned, lexed, arguments, attributes)
    language = "pycon" if directive == "doctest" else (arguments.split() or [""])[0].lower()
    attributes["language"] = _language(language, text)
    attributes["declared"] = language
    return Region(RegionKind.CODE, lexed.start, lexed.end, line, indent + 1, text, attributes)


def _language(declared: str, text: str) -> str:
    """The declared language; a Python block that is a session is ``pycon``."""
    if declared in PYTHON_NAMES and is_session(text):
        return "pycon"
    if declared in PYTHON_NAMES and is_ipython_session(text):
        return "ipython"
    if declared in ("", "default") and not looks_like_python(text):
        return "text"
    return "python" if declared in ("", "default", "python3", "py", "py3") else declared


def _include(scanned: Scanned, lexed, argument: str, attributes: dict[str, str]) -> Region:
    line, column = scanned.source.line_column(lexed.start)
    options = lexed.lexemes.get("options", {})
    inclusion = included(scanned.source.path, argument, options)
    attributes.update(inclusion.attributes)
    attributes["indent"] = str(column - 1)
    return Region(RegionKind.CODE, lexed.start, lexed.end, line, column, inclusion.text, attributes)


def _body(scanned: Scanned, header_line: int, source) -> tuple[int, str, int]:
    """
    The 1-based line of a directive body's first line, its text (tabs
    expanded as docutils does, dedented) and the columns dedenting removed.
    Sybil strips the body's leading newlines but counts a whitespace-only
    first line as part of the source, so the line is counted from the
    directive's header instead of from the source's offset.
    """
    raw = str(source)
    first = header_line + source.line_offset + 1
    count = raw.count("\n") + (0 if raw.endswith("\n") or not raw else 1)
    lines = scanned.lines[first - 1:first - 1 + count]
    while lines and not lines[0].strip():  # a whitespace-only first line: the source starts below it
        lines, first = lines[1:], first + 1
    if not lines:
        return first, raw, 0
    text, indent = dedented_body(lines)
    return first, text if raw.endswith("\n") else text.rstrip("\n"), indent


def _scanned_regions(scanned: Scanned) -> list[Region]:
    """``::`` literal blocks and ``>>>`` doctest blocks, which Sybil's lexers do not see."""
    return [_scanned(scanned, block) for block in scanned.blocks if block.kind in ("literal", "doctest")]


def _scanned(scanned: Scanned, block) -> Region:
    text, indent = dedented_body(scanned.lines[block.first:block.last])
    start = scanned.offset(block.first)
    end = scanned.offset(block.last) if block.last < len(scanned.lines) else len(scanned.source.text)
    if block.kind == "doctest" or is_session(text):
        language = "pycon"
    elif is_ipython_session(text):
        language = "ipython"
    else:
        language = "python" if looks_like_python(text) else "text"
    attributes = {"directive": "doctest-block" if block.kind == "doctest" else "::", "language": language,
                  "indent": str(indent), "declared": "pycon" if block.kind == "doctest" else ""}
    return Region(RegionKind.CODE, start, end, block.first + 1, indent + 1, text, attributes)
