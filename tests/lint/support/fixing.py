"""Helpers for the --fix tests: run the CLI on text, and prove a fixed text."""

from __future__ import annotations

import ast
import io
import sys

from faq_checks.lint.checks.units import python_units
from faq_checks.lint.cli import main
from faq_checks.lint.document import parse_text
from faq_checks.lint.engine import lint_text


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        status = main(["--no-config", *argv], stdout=out, stderr=err)
    finally:
        sys.stdin = saved
    return status, out.getvalue(), err.getvalue()


def fixed(text: str, name: str = "doc.rst") -> str:
    """The text as ``faq-check lint --fix -`` writes it back."""
    status, out, err = run("--fix", "-", "--stdin-filename", name, stdin=text)
    assert status in (0, 1), err
    return out


def assert_fixed_clean(text: str, code: str) -> None:
    """No finding of ``code`` is left in ``text``, and every Python block and example in it compiles."""
    left = [f for f in lint_text(text) if f.code == code]
    assert not left, left
    for unit in python_units(parse_text("doc.rst", text)):
        ast.parse(unit.source)
