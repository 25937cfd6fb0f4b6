"""
Reporters: findings in, text out, on a stream they are given.

Reporters format and never decide.  ``text`` is for people
(``path:line:col: CODE message``), ``json`` one object for scripts,
``github`` workflow commands that annotate a pull request, ``sarif`` the
SARIF 2.1.0 log that code-scanning tools read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from faq_checks.lint.engine import Result
from faq_checks.lint.model import Finding


def text(result: Result, stream: TextIO) -> None:
    for f in result.findings:
        stream.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n")


def finding_json(f: Finding) -> dict:
    return {"path": f.path, "line": f.line, "column": f.column, "code": f.code,
            "severity": f.severity.value, "message": f.message}


def json_report(result: Result, stream: TextIO) -> None:
    document = {"files": result.files, "findings": [finding_json(f) for f in result.findings]}
    stream.write(json.dumps(document, indent=2) + "\n")


REPORTERS: dict[str, Callable[[Result, TextIO], None]] = {
    "text": text,
    "json": json_report,
}
