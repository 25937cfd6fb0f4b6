"""
Python 2 syntax, kept as data: how to recognise each construct in a line
that Python 3 refuses, what to write instead, and a rewrite that lets the
compiler carry on to the next problem.

:func:`explain` is given the compiler's complaint and the offending line; it
names the construct or returns None when the error is not Python 2's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Construct:
    name: str
    pattern: re.Pattern
    advice: str
    rewrite: str          # replacement for ``pattern`` that Python 3 accepts
    complaint: str = ""   # a fragment of the compiler's message that identifies it


def _c(name: str, pattern: str, advice: str, rewrite: str, complaint: str = "") -> Construct:
    return Construct(name, re.compile(pattern), advice, rewrite, complaint)


CONSTRUCTS: tuple[Construct, ...] = (
    _c("print statement", r"^(?P<i>[ \t]*)print\b(?![ \t]*\()[ \t]*(?:>>[ \t]*[\w.]+[ \t]*,?)?(?P<args>.*)$",
       "call the print() function: print(...)", r"\g<i>print(\g<args>)", "call to 'print'"),
    _c("exec statement", r"^(?P<i>[ \t]*)exec\b(?![ \t]*\()[ \t]*(?P<args>.*?)(?:[ \t]+in[ \t]+.*)?$",
       "call the exec() function: exec(code, namespace)", r"\g<i>exec(\g<args>)", "call to 'exec'"),
    _c("'except X, e' clause", r"\bexcept(?P<types>[ \t]+[^:]+?)[ \t]*,[ \t]*(?P<name>\w+)[ \t]*:",
       "write 'except X as e:'", r"except\g<types> as \g<name>:", "exception types must be parenthesized"),
    _c("'raise E, value' statement", r"\braise[ \t]+(?P<type>[\w.]+)[ \t]*,[ \t]*(?P<value>[^\n]+?)[ \t]*$",
       "write 'raise E(value)'", r"raise \g<type>(\g<value>)"),
    _c("octal literal", r"(?<![\w.])0(?P<digits>[0-7]+)(?![\w.])",
       "write octal literals with 0o, as in 0o755", r"0o\g<digits>", "leading zeros in decimal integer"),
    _c("long integer literal", r"(?<![\w.])(?P<digits>0[xX][0-9a-fA-F]+|\d+)[lL](?!\w)",
       "drop the L suffix: Python 3 integers are unbounded", r"\g<digits>"),
    _c("backtick repr", r"`(?P<expr>[^`\n]+)`",
       "call repr(...) instead of `...`", r"repr(\g<expr>)"),
    _c("ur'' string prefix", r"(?<![\w])[uU][rR](?P<quote>['\"])",
       "use r'' (all Python 3 strings are Unicode)", r"r\g<quote>"),
    _c("'<>' operator", r"<>", "write '!='", "!="),
    _c("tuple parameter", r"(?P<head>\b(?:def[ \t]+\w+[ \t]*\([^()\n]*+|lambda[ \t]+[^():\n]*+))\((?P<names>[\w \t,]++)\)",
       "unpack the tuple inside the function body", r"\g<head>_args"),
)


def explain(message: str, line: str) -> Construct | None:
    """The Python 2 construct that makes ``line`` fail with ``message``, if any."""
    for construct in CONSTRUCTS:
        if construct.complaint and construct.complaint in message and construct.pattern.search(line):
            return construct
    for construct in CONSTRUCTS:
        if construct.pattern.search(code_part(line)):
            return construct
    return None


def rewrite(construct: Construct, line: str) -> str:
    """The line with the construct rewritten the Python 3 way."""
    return construct.pattern.sub(construct.rewrite, line, count=1)


def code_part(line: str) -> str:
    """The line without its string literals and comment, so that text in them is not taken for code."""
    without_strings = re.sub(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", '""', line)
    return without_strings.split("#", 1)[0]
