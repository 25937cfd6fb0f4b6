"""
The catalogue's schema: which keys an entry has and what each may hold.

Each ``check_*`` function either returns the clean value or raises
:class:`Invalid` naming the key, so :mod:`faq_checks.lint.catalogue` can say
where in the file the problem is.  :class:`LineFinder` recovers line numbers
that ``tomllib`` does not keep.
"""

from __future__ import annotations

import re
import string

from faq_checks.lint import codes
from faq_checks.lint.prefilter import possible
from faq_checks.lint.regexshape import dangerous
from faq_checks.lint.model import CODE_PATTERN
from faq_checks.lint.versions import default_horizons

#: key -> required?
RULE_KEYS = {
    "code": True, "title": True, "match": True, "where": True, "message": True,
    "stale_since": True, "severity": True, "fixture_match": True, "fixture_clean": True,
    "ignore_case": False, "gone": False, "horizon": False, "unless_preceded_by": False, "unless_followed_by": False,
    "about": False, "fix": False, "instead": False,
}
GONE_KEYS = {"module": False, "name": False, "script": False}
REMOVED_KEYS = {"name": True, "removed_in": True, "replacement": True, "short_name": False, "renamed_to": False}
PYTHON2_MODULE_KEYS = {"name": True, "python3": True}

_RELEASE = re.compile(r"^\d+\.\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_SCRIPT = re.compile(r"^[\w.-]+$")


class Invalid(ValueError):
    """One problem with one key of one entry."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}" if key else problem)
        self.key = key


def check_flag(fields: dict, key: str) -> bool:
    value = fields.get(key, False)
    if not isinstance(value, bool):
        raise Invalid(key, "must be true or false")
    return value


def check_table(item: object, keys: dict[str, bool], name: str = "") -> dict:
    if not isinstance(item, dict):
        raise Invalid(name, "must be a table")
    unknown = sorted(set(item) - set(keys))
    if unknown:
        raise Invalid(unknown[0], f"unknown key (known: {', '.join(keys)})")
    missing = [key for key, required in keys.items() if required and key not in item]
    if missing:
        raise Invalid(name, f"missing key(s): {', '.join(missing)}")
    for key, value in item.items():
        if key not in ("gone", "instead") and not isinstance(value, (str, bool, list)):
            raise Invalid(key, "must be a string")
    if name == "gone":
        _check_gone(item)
    return item


def _check_gone(item: dict) -> None:
    if not item:
        raise Invalid("gone", "name at least one of module, name, script")
    for key, value in item.items():
        pattern = _SCRIPT if key == "script" else _DOTTED
        if not isinstance(value, str) or not pattern.match(value):
            raise Invalid("gone", f"{key} = {value!r} is not a {'script name' if key == 'script' else 'dotted name'}")


def check_text(fields: dict, key: str) -> str:
    value = fields[key]
    if not isinstance(value, str) or not value.strip():
        raise Invalid(key, "must be a non-empty string")
    return value.strip()


def check_code(value: object) -> str:
    if not isinstance(value, str) or not CODE_PATTERN.match(value):
        raise Invalid("code", f"{value!r} does not match {CODE_PATTERN.pattern}")
    if value in codes.RETIRED:
        raise Invalid("code", f"{value} is retired and must never be reused")
    if value in codes.BY_CODE:
        raise Invalid("code", f"{value} is the fixed {codes.BY_CODE[value].family} code {value!r}, not free for a rule")
    return value


def check_choice(fields: dict, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
    if key not in fields and default is not None:
        return default
    value = fields[key]
    if value not in choices:
        raise Invalid(key, f"{value!r} is not one of {', '.join(choices)}")
    return value


def check_regex(fields: dict, horizon: str) -> re.Pattern[str]:
    source = check_text(fields, "match")
    ignore_case = fields.get("ignore_case", False)
    if not isinstance(ignore_case, bool):
        raise Invalid("ignore_case", "must be true or false")
    try:
        pattern = re.compile(source, re.IGNORECASE if ignore_case else 0)
    except re.error as error:
        raise Invalid("match", f"bad regular expression: {error}") from None
    if pattern.match(""):
        raise Invalid("match", "matches the empty string")
    refuse_dangerous("match", pattern)
    if horizon and "version" not in pattern.groupindex:
        raise Invalid("match", "a horizon rule needs a (?P<version>...) group")
    return pattern


def refuse_dangerous(key: str, pattern: re.Pattern[str]) -> None:
    """A regex that can backtrack exponentially is refused before it ever runs on a document."""
    why = dangerous(pattern)
    if why:
        raise Invalid(key, f"can take exponential time: {why}; make the inner repeat possessive (a++) or the "
                           "group atomic ((?>...)), or bound the repeat")


def check_context(fields: dict, key: str) -> re.Pattern[str] | None:
    """
    ``unless_preceded_by`` / ``unless_followed_by``: the match does not count
    when the text right before it (or right after it) matches this regex.
    """
    if key not in fields:
        return None
    source = check_text(fields, key)
    anchored = r"(?:" + source + r")\s*$" if key == "unless_preceded_by" else r"\s*(?:" + source + r")"
    try:
        pattern = re.compile(anchored, re.IGNORECASE)
    except re.error as error:
        raise Invalid(key, f"bad regular expression: {error}") from None
    refuse_dangerous(key, pattern)
    return pattern


def check_instead(fields: dict) -> tuple[tuple[str, str], ...]:
    """
    ``instead``: what to use in place of each thing the rule matches, keyed
    by ``{matched}`` (``xmlrpclib = "xmlrpc.client"``), with ``"*"`` for
    anything not listed; the message says it as ``{instead}``.
    """
    if "instead" not in fields:
        return ()
    table = fields["instead"]
    if not isinstance(table, dict) or not all(isinstance(v, str) and v.strip() for v in table.values()):
        raise Invalid("instead", "must be a table of non-empty strings, keyed by what {matched} names")
    if "*" not in table:
        raise Invalid("instead", 'needs a "*" entry: the advice for a match it does not list')
    return tuple((key, value.strip()) for key, value in table.items())


def check_message(fields: dict, horizon: str) -> str:
    message = check_text(fields, "message")
    allowed = ({"version", "horizon", "whose"} if horizon else set()) | {"matched"}
    allowed |= {"instead"} if "instead" in fields else set()
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
    except ValueError as error:
        raise Invalid("message", f"bad placeholder: {error}") from None
    if names - allowed:
        raise Invalid("message", f"unknown placeholder(s) {sorted(names - allowed)} (allowed: {sorted(allowed)})")
    return message


def check_since(value: object) -> str:
    if not isinstance(value, str) or not (_RELEASE.match(value) or _DATE.match(value)):
        raise Invalid("stale_since", f"{value!r} is neither a release (11.1.0) nor a date (2016-05-17)")
    return value


def check_release(value: object) -> str:
    if not isinstance(value, str) or not _RELEASE.match(value):
        raise Invalid("removed_in", f"{value!r} is not a release number like 15.3.0")
    return value


def check_dotted(value: object) -> str:
    if not isinstance(value, str) or not _DOTTED.match(value):
        raise Invalid("name", f"{value!r} is not a dotted name")
    return value


def check_fixtures(fields: dict, key: str) -> tuple[str, ...]:
    value = fields[key]
    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t.strip() for t in texts):
        raise Invalid(key, "must be a non-empty string or a list of them")
    return tuple(texts)


def check_fixtures_behave(entry) -> None:
    """The entry's own fixtures, against its regex with the default horizons."""
    horizons = default_horizons()
    for text in entry.fixture_match:
        if not entry.matches(text, horizons):
            raise Invalid("fixture_match", f"{text!r} does not match")
        if not possible([entry], text):
            raise Invalid("match", f"the literals derived as its prefilter ({', '.join(entry.literals)}) "
                                   f"are not all in {text!r}: report this as a linter bug")
    for text in entry.fixture_clean:
        if entry.matches(text, horizons):
            raise Invalid("fixture_clean", f"{text!r} matches")
    if entry.fix:
        if not entry.in_code():
            raise Invalid("fix", "only code is fixed: give it where = \"code\" or \"both\"")
        for text in entry.fixture_match:
            if entry.matches(entry.fixed(text, horizons), horizons):
                raise Invalid("fix", f"{text!r} with the fix applied still matches")


class LineFinder:
    """Where the n-th ``[[header]]`` table and its keys are in a TOML text."""

    def __init__(self, text: str, header: str) -> None:
        self.lines = text.splitlines()
        pattern = re.compile(r"^\s*\[\[\s*" + re.escape(header) + r"\s*\]\]\s*(#.*)?$")
        self.starts = [i for i, line in enumerate(self.lines) if pattern.match(line)]

    def place(self, source: str, index: int, item: object, key: str = "") -> str:
        code = item.get("code") if isinstance(item, dict) else None
        label = f"entry {code}" if isinstance(code, str) else f"entry #{index + 1}"
        if index >= len(self.starts):
            return f"{source}: {label}"
        line = self.starts[index]
        stop = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines)
        if key:
            keyed = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
            line = next((i for i in range(line, stop) if keyed.match(self.lines[i])), line)
        return f"{source}:{line + 1}: {label}"
