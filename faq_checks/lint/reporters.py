"""
Reporters: a :class:`~faq_checks.lint.engine.Result` in, text out, on a stream they are given.

Reporters format and never decide.  ``text`` is for people
(``path:line:col: CODE message``), ``json`` one object for scripts,
``github`` workflow commands that annotate a pull request, ``sarif`` the
SARIF 2.1.0 log that code-scanning tools read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

from faq_checks.lint.catalogue import all_rules
from faq_checks.lint.engine import Result
from faq_checks.lint.grouping import where_else
from faq_checks.lint.model import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULE_HELP = "What {code} checks, why, an example and what to write instead: docs/rules/index.rst"


#: What the text formats add to a finding that ``--fix`` can fix.
FIXABLE = " (fixable)"


def text(result: Result, stream: TextIO) -> None:
    for f in result.findings:
        stream.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}{where_else(f)}{FIXABLE if f.fix else ''}\n")


def fix_json(fix) -> dict | None:
    """A fix for scripts: what it does and its edits (1-based lines and columns; an edit's end is exclusive)."""
    if fix is None:
        return None
    return {"description": fix.description,
            "edits": [{"start": {"line": e.start_line, "column": e.start_column},
                       "end": {"line": e.end_line, "column": e.end_column},
                       "replacement": e.replacement} for e in fix.edits]}


def finding_json(f: Finding) -> dict:
    return {"path": f.path, "line": f.line, "column": f.column, "code": f.code,
            "severity": f.severity.value, "message": f.message, **dict(f.facts), "fix": fix_json(f.fix),
            "also": [{"line": line, "column": column} for line, column in f.also]}


def json_report(result: Result, stream: TextIO) -> None:
    document = {"files": result.files, "findings": [finding_json(f) for f in result.findings],
                "errors": list(result.errors)}
    stream.write(json.dumps(document, indent=2) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(result: Result, stream: TextIO) -> None:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    for f in result.findings:
        properties = ",".join([f"file={_escape_property(f.path)}", f"line={f.line}", f"col={f.column}",
                               f"title={_escape_property(f.code)}"])
        stream.write(f"::{f.severity.value} {properties}::{_escape_data(f.message + where_else(f))}\n")


def _version() -> str:
    from importlib import metadata  # SARIF only

    try:
        return metadata.version("faq-checks")
    except metadata.PackageNotFoundError:
        return "0"


def _sarif_rules(result: Result) -> list[dict]:
    from faq_checks.lint.rule_doc import doc_uri
    known = {rule.code: rule for rule in all_rules()}
    found = {f.code: f.severity for f in result.findings}  # a project catalogue entry's own severity
    codes = list(known) + sorted(set(found) - set(known))
    rules = []
    for code in codes:
        rule = known.get(code)
        title = rule.title if rule else f"{code} (project catalogue entry)"
        level = (rule.severity if rule else found[code]).value
        described = {
            "id": code,
            "name": code,
            "shortDescription": {"text": title},
            "defaultConfiguration": {"level": level},
            "help": {"text": RULE_HELP.format(code=code)},
        }
        uri = doc_uri(code)
        if uri:
            described["helpUri"] = uri
        rules.append(described)
    return rules


def _sarif_fixes(f: Finding) -> dict:
    """SARIF's ``fixes``: the replacements in the finding's own file (deleted region, inserted text)."""
    if f.fix is None:
        return {}
    replacements = [{"deletedRegion": {"startLine": e.start_line, "startColumn": e.start_column,
                                       "endLine": e.end_line, "endColumn": e.end_column},
                     "insertedContent": {"text": e.replacement}} for e in f.fix.edits]
    return {"fixes": [{"description": {"text": f.fix.description},
                       "artifactChanges": [{"artifactLocation": {"uri": _uri(f.path)},
                                            "replacements": replacements}]}]}


def _sarif_related(f: Finding) -> dict:
    """SARIF's ``relatedLocations``: the other lines of the same fault in the same element."""
    if not f.also:
        return {}
    return {"relatedLocations": [{"id": number, "message": {"text": f"{f.code} again here"},
                                  "physicalLocation": {"artifactLocation": {"uri": _uri(f.path)},
                                                       "region": {"startLine": line, "startColumn": column}}}
                                 for number, (line, column) in enumerate(f.also, 1)]}


def _sarif_result(f: Finding, index: dict[str, int]) -> dict:
    properties = {"properties": dict(f.facts)} if f.facts else {}
    return {**properties, **_sarif_fixes(f), **_sarif_related(f),
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": f.severity.value,
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(f.path)},
            "region": {"startLine": f.line, "startColumn": f.column},
        }}],
    }


def _uri(path: str) -> str:
    """A relative path as a relative URI reference; an absolute one as a file: URI."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def sarif(result: Result, stream: TextIO) -> None:
    """A SARIF 2.1.0 log: one run, every rule described, one result per finding."""
    rules = _sarif_rules(result)
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    notifications = [{"level": "error", "message": {"text": error}} for error in result.errors]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "faq-check", "version": _version(), "rules": rules}},
            # Columns count characters (code points) of the line, as editors show them.
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not result.errors,
                             "toolExecutionNotifications": notifications}],
            "results": [_sarif_result(f, index) for f in result.findings],
        }],
    }
    stream.write(json.dumps(log, indent=2) + "\n")


REPORTERS: dict[str, Callable[[Result, TextIO], None]] = {
    "text": text,
    "json": json_report,
    "github": github,
    "sarif": sarif,
}
