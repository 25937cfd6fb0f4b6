"""
The stale-advice catalogue: rules kept as data, loaded and validated strictly.

Adding a rule is adding an entry to ``data/catalogue.toml`` (or, for one
project, to ``[[tool.faq-check.rules]]`` in its ``pyproject.toml``) with a
fixture that must match and one that must not; the engine never changes.
Everything wrong with an entry -- an unknown key, a missing one, a bad code,
regex, severity or fixture -- is a :class:`CatalogueError` naming the file, the
entry and, where it can be found, the line, because a contributor's typo must
never silently turn a rule off.

The ``[[removed]]`` table lists Twisted names that are gone, with the release
that removed them and what to use instead; the API checks read it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from faq_checks.lint import catalogue_schema as schema
from faq_checks.lint.codes import RULES, Rule
from faq_checks.lint.model import InputError, Severity
from faq_checks.lint.prefilter import Need, required_literals, required_need
from faq_checks.lint.prefilter_gate import required_gate
from faq_checks.lint.versions import parse_version

BUILTIN = "catalogue.toml"
PROJECT_TABLE = "tool.faq-check.catalogue"
DATA = Path(__file__).resolve().parent / "data"
WHERE = ("prose", "code", "both")


class CatalogueError(InputError):
    """A catalogue that cannot be used; the message names file, entry and line."""


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


def builtin_text() -> str:
    return (DATA / BUILTIN).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def builtin_catalogue() -> Catalogue:
    """The built-in catalogue, parsed once per text, code and Python (:mod:`.catalogue_cache`)."""
    from faq_checks.lint.catalogue_cache import cached
    return cached(builtin_text(), str(DATA / BUILTIN), parse_catalogue, Catalogue)


def all_rules() -> tuple[Rule, ...]:
    """
    The fixed rows of :mod:`.codes` plus one row per built-in stale-advice entry (STLnnn).

    The STL rows live in the catalogue (data), so adding a rule never means
    editing the code table; the catalogue refuses any code listed there or retired.
    """
    return RULES + tuple(Rule(e.code, "stale", e.severity, e.title) for e in builtin_catalogue().entries)


def parse_catalogue(text: str, source_name: str) -> Catalogue:
    """A whole catalogue file: ``[[rule]]`` entries and the ``[[removed]]`` table."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{source_name}: not valid TOML: {error}") from None
    unknown = set(data) - {"rule", "removed", "python2_module"}
    if unknown:
        raise CatalogueError(f"{source_name}: unknown table(s): {', '.join(sorted(unknown))}")
    lines = schema.LineFinder(text, "rule")
    entries = _entries(data.get("rule", []), source_name, lines, taken=set())
    removed = _removed(data.get("removed", []), source_name, schema.LineFinder(text, "removed"))
    modules = _python2_modules(data.get("python2_module", []), source_name, schema.LineFinder(text, "python2_module"))
    return Catalogue(entries, removed, python2_modules=modules)


def load_catalogue(extra_entries: list | tuple = (), source_name: str = "pyproject.toml",
                   source_text: str | None = None, header: str = PROJECT_TABLE) -> Catalogue:
    """
    The built-in catalogue plus a project's own rules (``[[tool.faq-check.catalogue]]``
    in ``pyproject.toml``), validated the same way; errors name ``source_name``
    and, given the file's text (read from ``source_name`` when not given), the
    line of the offending entry.
    """
    base = builtin_catalogue()
    if not extra_entries:
        return base
    if source_text is None:
        source_text = _read_quietly(source_name)
    lines = schema.LineFinder(source_text, header)
    extra = _entries(extra_entries, source_name, lines, taken=set(base.codes()))
    return Catalogue(base.entries + extra, base.removed, frozenset(entry.code for entry in extra),
                     python2_modules=base.python2_modules)


def catalogue_for(settings: dict) -> Catalogue:
    """The catalogue a lint run uses: built-in plus the config's ``catalogue`` entries."""
    return load_catalogue(settings.get("catalogue") or (), settings.get("config_path") or "pyproject.toml")


def _read_quietly(path: str) -> str:
    """The file's text for line numbers; none (and no line numbers) if unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return ""


def _entries(raw: object, source: str, lines: schema.LineFinder, taken: set[str]) -> tuple[Entry, ...]:
    if not isinstance(raw, list):
        raise CatalogueError(f"{source}: rules must be an array of tables")
    entries = []
    for index, item in enumerate(raw):
        where = lines.place(source, index, item)
        try:
            entry = _entry(item, source)
        except schema.Invalid as problem:
            raise CatalogueError(f"{lines.place(source, index, item, problem.key)}: {problem}") from None
        if entry.code in taken:
            raise CatalogueError(f"{where}: code {entry.code} is already used")
        taken.add(entry.code)
        entries.append(entry)
    return tuple(entries)


def _entry(item: object, source: str) -> Entry:
    fields = schema.check_table(item, schema.RULE_KEYS)
    code = schema.check_code(fields["code"])
    where = schema.check_choice(fields, "where", WHERE)
    horizon = schema.check_choice(fields, "horizon", ("twisted", "python"), default="")
    pattern = schema.check_regex(fields, horizon)
    message = schema.check_message(fields, horizon)
    gone = Gone(**schema.check_table(fields["gone"], schema.GONE_KEYS, "gone")) if "gone" in fields else None
    entry = Entry(
        code=code,
        title=schema.check_text(fields, "title"),
        pattern=pattern,
        where=where,
        message=message,
        stale_since=schema.check_since(fields["stale_since"]),
        severity=Severity(schema.check_choice(fields, "severity", ("error", "warning"))),
        fixture_match=schema.check_fixtures(fields, "fixture_match"),
        fixture_clean=schema.check_fixtures(fields, "fixture_clean"),
        gone=gone,
        horizon=horizon,
        preceded=schema.check_context(fields, "unless_preceded_by"),
        followed=schema.check_context(fields, "unless_followed_by"),
        about=schema.check_choice(fields, "about", ("twisted",), default=""),
        source=source,
        literals=required_literals(pattern),
        need=required_need(pattern),
        gate=required_gate(pattern),
        fix=schema.check_text(fields, "fix") if "fix" in fields else "",
        instead=schema.check_instead(fields),
    )
    schema.check_fixtures_behave(entry)
    return entry


def _named_table(raw: object, source: str, lines: schema.LineFinder, table: str, read) -> dict:
    """A table of entries keyed by name: ``read(fields)`` validates one and returns ``(name, value)``."""
    if not isinstance(raw, list):
        raise CatalogueError(f"{source}: {table} must be an array of tables")
    found: dict = {}
    for index, item in enumerate(raw):
        try:
            name, value = read(item)
        except schema.Invalid as problem:
            raise CatalogueError(f"{lines.place(source, index, item, problem.key)}: {problem}") from None
        if name in found:
            raise CatalogueError(f"{lines.place(source, index, item)}: {name} is listed twice")
        found[name] = value
    return found


def _removed(raw: object, source: str, lines: schema.LineFinder) -> dict[str, Removed]:
    def read(item):
        fields = schema.check_table(item, schema.REMOVED_KEYS)
        entry = Removed(schema.check_dotted(fields["name"]), schema.check_release(fields["removed_in"]),
                        schema.check_text(fields, "replacement"), schema.check_flag(fields, "short_name"),
                        schema.check_dotted(fields["renamed_to"]) if "renamed_to" in fields else "")
        return entry.name, entry
    return _named_table(raw, source, lines, "removed", read)


def _python2_modules(raw: object, source: str, lines: schema.LineFinder) -> dict[str, str]:
    """The ``[[python2_module]]`` table: a module's Python 2 name -> the name Python 3 gave it, whole."""
    def read(item):
        fields = schema.check_table(item, schema.PYTHON2_MODULE_KEYS)
        return schema.check_dotted(fields["name"]), schema.check_dotted(fields["python3"])
    return _named_table(raw, source, lines, "python2_module", read)
