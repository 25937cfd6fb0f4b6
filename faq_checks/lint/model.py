"""
The seams of the linter, in one place.

document  ->  regions  ->  checks  ->  findings  ->  reporter

Lexers describe a document as :class:`Region` values and never judge; checks
read regions and yield :class:`Finding` values and never print; reporters
format findings and never decide.  Everything a stage hands to the next is
defined here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

CODE_PATTERN = re.compile(r"^[A-Z]{2,6}[0-9]{3}$")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong at one place, with what to do instead."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    #: Facts a script may want beside the message, such as ``stale_since`` or
    #: ``removed_in``: in the JSON and SARIF output, never in identity or order.
    facts: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    #: The rewrite that makes it go away, where one is certain (a
    #: :class:`~faq_checks.lint.fix.Fix`): ``--fix`` applies it, ``--diff`` shows it.
    fix: object = field(default=None, compare=False)
    #: The other (line, column) places of the same fault in the same element
    #: (see :mod:`faq_checks.lint.grouping`): one finding, not one per line.
    also: tuple[tuple[int, int], ...] = field(default=(), compare=False)


@dataclass
class SourceText:
    """A document's text plus the arithmetic from offsets to lines and columns."""

    path: str
    text: str
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    @property
    def line_starts(self) -> list[int]:
        """The offset where each line starts (one past the text's end if it ends with a newline); not to be changed."""
        return self._line_starts

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and column."""
        return self._line_starts[line - 1] + column - 1

    def char_column(self, line: int, visual: int, tab_width: int = 8) -> int:
        """
        The 1-based character column of a 1-based column counted with tabs
        expanded (how code bodies are read, as docutils reads them).  A line
        without tabs needs no arithmetic.
        """
        if not 0 < line <= len(self._line_starts):
            return visual
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        raw = self.text[self._line_starts[line - 1]:end]
        if "\t" not in raw:
            return visual
        width = 0
        for index, character in enumerate(raw):
            if width >= visual - 1:
                return index + 1
            width = (width // tab_width + 1) * tab_width if character == "\t" else width + 1
        return len(raw) + visual - width

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1


class RegionKind(str, Enum):
    CODE = "code"            # a code block: code-block, code, sourcecode, ::, literalinclude
    PROSE = "prose"          # a paragraph or other running text, comments excluded
    LITERAL = "literal"      # ``inline literal`` inside prose
    ROLE = "role"            # :role:`target` inside prose
    LINK = "link"            # an external URL, from `text <url>`_, a bare URL or .. _name: url
    LABEL = "label"          # a .. _label: target definition
    DIRECTIVE = "directive"  # a faq-check comment directive (suppression, history marker)
    FILE = "file"            # a file shown in the page: include, image, figure


@dataclass(frozen=True)
class Region:
    """
    A described piece of a document.  ``start``/``end`` are offsets into the
    document text; ``text`` is the piece's content (for code, the dedented
    source; for a role, its target); ``line``/``column`` locate ``text``'s
    first character.  ``attributes`` carries what the lexer saw: a code
    block's ``language`` and ``directive``, a role's ``name``, and so on.
    """

    kind: RegionKind
    start: int
    end: int
    line: int
    column: int
    text: str
    attributes: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __init__(self, kind: RegionKind, start: int, end: int, line: int, column: int, text: str,
                 attributes: dict[str, str] | None = None) -> None:
        # The __init__ a frozen dataclass generates sets each field through
        # object.__setattr__: 2.5 us a region, and the lexers make some 10,000
        # regions for Twisted's docs.  Writing the instance's dict is what
        # those calls do, without a call per field.
        fields = self.__dict__
        fields["kind"] = kind
        fields["start"] = start
        fields["end"] = end
        fields["line"] = line
        fields["column"] = column
        fields["text"] = text
        fields["attributes"] = {} if attributes is None else attributes


@dataclass
class Document:
    """A lexed document: its text and everything the lexers found in it."""

    source: SourceText
    regions: list[Region]
    #: What checks derive from the document and share, computed once (its
    #: regions by kind, its compiled code units): lexed and parsed once, read by all.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.source.path

    def of_kind(self, kind: RegionKind) -> list[Region]:
        return self.derive(("of_kind", kind), lambda: [region for region in self.regions if region.kind is kind])

    def derive(self, key: tuple, make: Callable[[], object]):
        """``make()``, computed once per document under ``key`` for every check that asks."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]


@dataclass(frozen=True)
class Deferred:
    """
    What a check yields when its findings depend on the whole run: whether a
    label is defined in some other document, what a Twisted name resolves
    to, whether a link works.  ``asks`` are the ``(topic, key)`` questions
    (``("name", "twisted.x.y")``, ``("url", "https://...")``); the engine
    answers every document's questions once for the run (see
    :mod:`faq_checks.lint.questions`) and then calls ``judge(answers, *args)``
    for the findings.  So a document is checked, and forgotten, as soon as it
    is read: only its questions are kept.  ``judge`` is a module-level
    function and ``args`` plain data, so a deferred finding travels from a
    worker process.
    """

    judge: Callable[..., Iterable[Finding]]
    args: tuple = ()
    asks: tuple[tuple[str, str], ...] = ()


#: A check reads one document (with the run's context) and yields findings, or Deferred ones.
Check = Callable[[Document, "Context"], Iterable["Finding | Deferred"]]


@dataclass
class Context:
    """
    What a check may need beyond its document: the settings, and a memo.
    There is no list of the run's documents: what needs the whole tree is a
    :class:`Deferred`, answered after every document has been read.
    """

    settings: dict
    #: What a computation shared by documents (the catalogue, a release's page
    #: list) stores so it runs once per process, not once per document;
    #: ``memo["errors"]`` collects problems that are not findings (exit 2).
    memo: dict = field(default_factory=dict, repr=False)


class InputError(Exception):
    """
    Bad input that is not a finding: an unreadable file, an invalid config or
    catalogue.  The message names the file (and the line where there is one).
    The engine reports it on stderr, exits 2, and still checks everything else;
    a check may raise it when the data it depends on is invalid.
    """
