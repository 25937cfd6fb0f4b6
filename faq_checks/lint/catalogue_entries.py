"""
What a loaded stale-advice catalogue holds: its rules (:class:`Entry`, which
also knows how it matches a text, what it says and what its fix writes), the
Twisted names that are gone (:class:`Removed`) and the :class:`Catalogue`
that groups them.  Reading and validating the TOML they come from is
:mod:`faq_checks.lint.catalogue`'s part; these are kept apart so that the
checks that use a catalogue need not know how one is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from faq_checks.lint.model import Severity
from faq_checks.lint.prefilter import Need
from faq_checks.lint.versions import parse_version

#: The built-in catalogue's file name, in ``faq_checks/lint/data``: an entry's default :attr:`Entry.source`.
BUILTIN = "catalogue.toml"


@dataclass(frozen=True)
class Gone:
    """What a deliberately historical passage claims is gone: each must not exist."""

    module: str = ""
    name: str = ""
    script: str = ""


@dataclass(frozen=True)
class Entry:
    """One stale-advice rule."""

    code: str
    title: str
    pattern: re.Pattern[str]
    where: str
    message: str
    stale_since: str
    severity: Severity
    fixture_match: tuple[str, ...]
    fixture_clean: tuple[str, ...]
    gone: Gone | None = None
    horizon: str = ""  # "twisted" or "python": report only versions older than the horizon
    preceded: re.Pattern[str] | None = None  # a match right after this does not count
    followed: re.Pattern[str] | None = None  # nor one right before this
    about: str = ""  # "twisted": only in Twisted's own docs, or in a sentence that names Twisted
    source: str = BUILTIN
    #: One of these is in every text the pattern matches (lower-cased if it ignores case); () = unknown.
    literals: tuple[str, ...] = ()
    #: Everything the pattern's matches hold, as a formula of literals (:func:`.prefilter.required_need`):
    #: what :func:`.prefilter.possible` tests; None = nothing known.
    need: Need | None = None
    #: A small regex every text the pattern matches contains (:func:`.prefilter_gate.required_gate`); None = none found.
    gate: re.Pattern[str] | None = None
    #: What ``--fix`` writes over the ``at`` group (or the whole match) in code: "" = not fixable.
    fix: str = ""
    #: ``{instead}`` in the message: the advice for what matched (its ``{matched}``), ``"*"`` for the rest.
    instead: tuple[tuple[str, str], ...] = ()

    def fix_span(self, match: re.Match[str]) -> tuple[int, int]:
        """The part of a match the fix replaces: the ``at`` group if the rule has one, else all of it."""
        if "at" in match.re.groupindex and match.group("at") is not None:
            return match.span("at")
        return match.span()

    def fixed(self, text: str, horizons: dict[str, str]) -> str:
        """The text with the fix made at every match (the catalogue proves it on the fixtures)."""
        for match in reversed(self.matches(text, horizons)):
            start, end = self.fix_span(match)
            text = text[:start] + self.fix + text[end:]
        return text

    def in_prose(self) -> bool:
        return self.where in ("prose", "both")

    def in_code(self) -> bool:
        return self.where in ("code", "both")

    def matches(self, text: str, horizons: dict[str, str], starts: list[int] | None = None) -> list[re.Match[str]]:
        """
        The matches that count: for a horizon rule, only versions older than
        it.  ``starts``: where the matches begin, already found (by
        :mod:`.regexguard`, for a project's own rules), so only those places are matched.
        """
        every = self.pattern.finditer(text) if starts is None else (self.pattern.match(text, s) for s in starts)
        found = [m for m in every if m is not None and not self._excused(text, m)]
        if not self.horizon:
            return found
        limit = parse_version(horizons[self.horizon])
        return [m for m in found if parse_version(m["version"]) < limit[:len(parse_version(m["version"]))]]

    def _excused(self, text: str, match: re.Match[str]) -> bool:
        start, end = match.span()
        if self.preceded is not None and self.preceded.search(text, max(0, start - 80), start):
            return True
        return self.followed is not None and bool(self.followed.match(text, end, end + 80))

    def describe(self, match: re.Match[str], horizons: dict[str, str]) -> str:
        """The message, naming what matched (``{matched}``: the match's last word, ``urllib2``)."""
        words = re.findall(r"[\w.]+", match.group(0))
        values = {"matched": words[-1] if words else match.group(0)}
        if self.instead:
            advice = dict(self.instead)
            values["instead"] = advice.get(values["matched"], advice["*"])
        if self.horizon:
            values.update(version=match["version"], horizon=horizons[self.horizon],
                          whose=horizons.get(f"{self.horizon}_source", "the horizon"))
        return self.message.format(**values)


@dataclass(frozen=True)
class Removed:
    """A Twisted name that no longer exists, and what replaced it."""

    name: str
    removed_in: str
    replacement: str
    #: Its last part alone (``getPage``) names it in prose: distinctive enough to mean nothing else.
    short_name: bool = False
    #: The exact one-for-one replacement, if there is one: ``--fix`` rewrites imports to it.
    renamed_to: str = ""


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[Entry, ...]
    removed: dict[str, Removed]
    #: Codes of the project's own rules (its ``pyproject.toml``), run under a deadline (:mod:`.regexguard`).
    own: frozenset[str] = frozenset()
    #: Standard-library modules Python 3 renamed whole (``urlparse`` -> ``urllib.parse``).
    python2_modules: dict[str, str] = field(default_factory=dict)

    @cached_property
    def short_names(self) -> dict[str, str]:
        """``getPage`` -> ``twisted.web.client.getPage``: removed names a sentence may call by their last part."""
        return {name.rsplit(".", 1)[-1]: name for name, entry in self.removed.items() if entry.short_name}

    def codes(self) -> list[str]:
        return [entry.code for entry in self.entries]

    @cached_property
    def in_code(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.in_code()]

    @cached_property
    def in_prose(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.in_prose()]
