"""
Running text and what is marked up inside it.

Prose regions are paragraphs, section titles and footnotes: never comments,
directive options or code.  Inside prose the lexer finds ``inline
literals``, roles (``:name:`target``` and ``:name:`text <target>```, any
name, Sphinx domains included), external links (```text <url>`_``, bare
URLs) and, from explicit targets, ``.. _name: url`` links and ``.. _label:``
labels.  Each piece is located by its own offset, so a finding inside a
wrapped paragraph lands on the right line and column.
"""

from __future__ import annotations

import re

from faq_checks.lint.lexers.blocks import Block, Scanned
from faq_checks.lint.lexers.columns import indentation
from faq_checks.lint.model import Region, RegionKind
from faq_checks.lint.prefilter import required_literals

#: Each pattern starts with its first character and only then looks behind it
#: (``(?<![`\\]``)`` after "``" says what ``(?<![`\\])`` before it said): a
#: pattern led by a lookbehind is tried at every position of the paragraph, one
#: led by a literal is searched for fast.  The literal's body never holds "``":
#: each start scans only to the next "``", so the pattern is linear (with
#: ``.*?`` a run of unclosed "``a " was quadratic).
_LITERAL = re.compile(r"``(?<![`\\]``)(?P<body>\S(?:(?:[^`]|`(?!`))*?\S)??)``(?!\w)", re.DOTALL)
_ROLE = re.compile(
    r":(?<![\w\\`]:)(?P<name>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):`(?P<body>(?:[^`\\]|\\.)+?)`(?!`)",
    re.DOTALL,
)
_LINK = re.compile(r"`(?<![\\`]`)(?P<title>[^`<]*+)<(?P<url>[^<>`]+)>`__?(?!\w)", re.DOTALL)  # title: rstripped
_BARE_URL = re.compile(r"(?:h(?<![\w/<:]h)ttps?|f(?<![\w/<:]f)tp)://[^\s<>`'\"]+")
_URL_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|mailto:)", re.IGNORECASE)
#: ``(?<!\s)``: only the first blank of a run may start the ``\s*`` (else a long
#: run of blanks is scanned from each of its positions: quadratic).
_TITLED = re.compile(r"^(?P<title>.*?)(?<!\s)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def prose_regions(scanned: Scanned) -> list[Region]:
    regions: list[Region] = []
    for block in scanned.blocks:
        if block.kind in ("paragraph", "title", "footnote"):
            prose = _prose(scanned, block)
            if prose is not None:
                regions.append(prose)
                regions.extend(inline_regions(scanned, prose))
        elif block.kind == "target":
            regions.append(_target(scanned, block))
    return regions


def _prose(scanned: Scanned, block: Block) -> Region | None:
    first, last = block.first, block.last
    if block.kind == "title":
        first = first + 1 if block.title_style.startswith("over") else first
        last = first + 1
    column = block.indent if block.kind == "footnote" else indentation(scanned.lines[first])
    start = scanned.offset(first) + column
    end = scanned.offset(last - 1) + len(scanned.lines[last - 1].rstrip("\r\n"))
    if end <= start:
        return None
    text = scanned.source.text[start:end]
    attributes = {"block": block.kind}
    line, col = scanned.source.line_column(start)
    return Region(RegionKind.PROSE, start, end, line, col, text, attributes)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """
    Blank out spans (in order, not overlapping) that later patterns must not
    see, keeping offsets; all of a pattern's matches at once, so a paragraph
    with many of them is copied once, not once per match.
    """
    pieces, position = [], 0
    for start, end in spans:
        piece = text[start:end]
        pieces += [text[position:start], _NOT_NEWLINE.sub(" ", piece) if "\n" in piece else " " * len(piece)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_NOT_NEWLINE = re.compile(r"[^\n]")


def inline_regions(scanned: Scanned, prose: Region) -> list[Region]:
    text = prose.text
    regions: list[Region] = []
    for pattern, make, literals in _INLINE:
        for literal in literals:  # the literal every match holds: most paragraphs lack it, for most patterns
            if literal in text:
                break
        else:
            continue
        matches = list(pattern.finditer(text))
        for match in matches:
            region = make(scanned, prose.start, match)
            if region is not None:
                regions.append(region)
        if matches:
            text = _mask(text, [match.span() for match in matches])
    return regions


def _region(scanned: Scanned, kind: RegionKind, start: int, end: int, text: str, at: int, **attributes: str) -> Region:
    line, column = scanned.source.line_column(at)
    return Region(kind, start, end, line, column, text, attributes)


def _literal(scanned: Scanned, base: int, match: re.Match) -> Region:
    return _region(scanned, RegionKind.LITERAL, base + match.start(), base + match.end(),
                   match["body"], base + match.start("body"))


def _role(scanned: Scanned, base: int, match: re.Match) -> Region:
    body = match["body"]
    titled = _TITLED.match(body)
    target, offset, title = body, match.start("body"), ""
    if titled:
        target, title = titled["target"], titled["title"]
        offset = match.start("body") + titled.start("target")
    return _region(scanned, RegionKind.ROLE, base + match.start(), base + match.end(), target.strip(),
                   base + offset, name=match["name"], title=title, raw=body)


#: What an embedded target without a scheme may be when it is a relative URL:
#: not a named reference (``<name_>``), an e-mail address, or several words.
_RELATIVE = re.compile(r"^[^\s@]*[^\s@_]$")


def _link(scanned: Scanned, base: int, match: re.Match) -> Region | None:
    url = re.sub(r"\s+", "", match["url"])
    extra = {}
    if not _URL_SCHEME.match(url):
        if not _RELATIVE.match(match["url"].strip()):
            return None
        extra["relative"] = "yes"
    return _region(scanned, RegionKind.LINK, base + match.start(), base + match.end(), url,
                   base + match.start("url"), title=match["title"].rstrip(), form="inline", **extra)


def _bare(scanned: Scanned, base: int, match: re.Match) -> Region:
    url = _trim_url(match.group(0))
    return _region(scanned, RegionKind.LINK, base + match.start(), base + match.start() + len(url), url,
                   base + match.start(), form="bare")


def _trim_url(url: str) -> str:
    """Drop trailing punctuation that belongs to the sentence, not the URL."""
    while url and url[-1] in ".,;:!?'\"_\\":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    while url.endswith("]") and url.count("]") > url.count("["):
        url = url[:-1]
    return url


def _target(scanned: Scanned, block: Block) -> Region:
    start = scanned.offset(block.first) + block.indent
    end = scanned.offset(block.last) if block.last < len(scanned.lines) else len(scanned.source.text)
    end = start + len(scanned.source.text[start:end].rstrip())
    line, column = scanned.source.line_column(start)
    url = re.sub(r"\s+", "", block.args)
    if not url:
        return Region(RegionKind.LABEL, start, end, line, column, block.name, {"name": block.name})
    if url.endswith("_"):  # an indirect target: another name for a label
        return Region(RegionKind.LABEL, start, end, line, column, block.name,
                      {"name": block.name, "alias": url.rstrip("_").strip("`")})
    attributes = {"name": block.name, "form": "target"}
    if not _URL_SCHEME.match(url):
        attributes["relative"] = "yes"
    return Region(RegionKind.LINK, start, end, line, column, url, attributes)


def _literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The literals one of which every match holds; ``("",)`` (always there) when none is known or case is ignored."""
    literals = () if pattern.flags & re.IGNORECASE else required_literals(pattern)
    return literals or ("",)


#: Inline patterns in the order they run (each masks what it found from the next), and their literals:
#: tested in line, not through a function per pattern and paragraph (some 17,000 tests on Twisted's docs).
_INLINE = tuple((pattern, make, _literals(pattern))
                for pattern, make in ((_LITERAL, _literal), (_ROLE, _role), (_LINK, _link), (_BARE_URL, _bare)))
