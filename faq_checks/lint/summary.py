"""
What ``faq-check lint`` says besides the findings: the summary line, the
statistics table, colour, and the exit status the findings earn.

A clean run must not look like one that linted nothing, so text output
always ends with ``N findings in M files (X errors, Y warnings); K fixable``
on stderr, where it never mixes with findings piped to another tool.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import TextIO

from faq_checks.lint.engine import Result
from faq_checks.lint.model import Severity

#: ANSI styles for a terminal: the location dim, errors red, warnings yellow.
STYLES = {"path": "\033[1m", Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", "reset": "\033[0m"}


def colour_wanted(choice: str, stream: TextIO) -> bool:
    """``--color always|never|auto``; auto means a terminal and no ``NO_COLOR`` (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def coloured_text(result: Result, stream: TextIO) -> None:
    """The text format, styled for a terminal."""
    from faq_checks.lint.reporters import FIXABLE
    reset = STYLES["reset"]
    for f in result.findings:
        stream.write(f"{STYLES['path']}{f.path}:{f.line}:{f.column}:{reset} "
                     f"{STYLES[f.severity]}{f.code}{reset} {f.message}{FIXABLE if f.fix else ''}\n")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: Result, fixed: int | None = None, done: str = "fixed") -> str:
    """
    ``N findings in M files (X errors, Y warnings); K fixable``: K of them
    have a certain fix (``--fix`` applies it); after ``--fix``, ``K fixed``
    says how many findings the written fixes removed (``K silenced`` after
    ``--add-ignore``), and N what is left.
    """
    severities = Counter(f.severity for f in result.findings)
    fixable = sum(1 for f in result.findings if f.fix is not None)
    tail = f"{fixable} fixable" if fixed is None else f"{fixed} {done}" + (f", {fixable} fixable" if fixable else "")
    return (f"{_plural(len(result.findings), 'finding')} in {_plural(result.files, 'file')} "
            f"({_plural(severities[Severity.ERROR], 'error')}, {_plural(severities[Severity.WARNING], 'warning')}); "
            f"{tail}")


def statistics(result: Result, stream: TextIO) -> None:
    """One row per code, the most frequent first: ``count  code  severity  title``."""
    from faq_checks.lint.catalogue import all_rules
    titles = {rule.code: rule.title for rule in all_rules()}
    counts = Counter(f.code for f in result.findings)
    severity = {f.code: f.severity.value for f in result.findings}
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stream.write(f"{count:6d}  {code:<8} {severity[code]:<8} {titles.get(code, '(project catalogue entry)')}\n")


def exit_status(result: Result, exit_zero: bool, fail_on: str) -> int:
    """2 for unreadable input or bad config; else 1 when a finding at ``fail_on`` or worse is left."""
    if result.errors:
        return 2
    if exit_zero:
        return 0
    failing = result.findings if fail_on == "warning" else [f for f in result.findings if f.severity is Severity.ERROR]
    return 1 if failing else 0
