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
that removed them and what to use instead; the API checks read it.  What a
loaded catalogue holds, and how an entry matches, is
:mod:`faq_checks.lint.catalogue_entries`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from faq_checks.lint import catalogue_schema as schema
from faq_checks.lint.catalogue_entries import BUILTIN, Catalogue, Entry, Gone, Removed
from faq_checks.lint.codes import RULES, Rule
from faq_checks.lint.model import InputError, Severity
from faq_checks.lint.prefilter import required_literals, required_need
from faq_checks.lint.prefilter_gate import required_gate

PROJECT_TABLE = "tool.faq-check.catalogue"
DATA = Path(__file__).resolve().parent / "data"
WHERE = ("prose", "code", "both")


class CatalogueError(InputError):
    """A catalogue that cannot be used; the message names file, entry and line."""


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
    import tomllib  # late: a run reads the built-in catalogue from its cache, and parses TOML only on a miss
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
