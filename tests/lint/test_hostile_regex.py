"""
Linear time on crafted text: each pattern that used to be quadratic, timed
on its worst input at 1,000 and 16,000 repetitions in the same run.

A linear pattern takes about 16 times longer on 16 times the text; a
quadratic one about 256 times.  The bound (40) leaves room for a loaded
machine without letting a quadratic pattern through; no wall-clock limit.
The small text is run 16 times per timing, so both timings cover the same
number of characters and neither is a fraction of a millisecond of noise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from faq_checks.lint import catalogue, history, plain
from faq_checks.lint.catalogue import builtin_catalogue
from faq_checks.lint.checks import apis, compiling, flakes_report, python2, refs, samples
from faq_checks.lint.lexers import blocks, controls, prose, pythonish
from faq_checks.lint.lexers.blocks import scan_source
from faq_checks.lint.model import SourceText
from tests.lint.support.linear import best_time, ratio

BOUND = 40


def scan_all(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return lambda text: list(pattern.finditer(text))


def tuple_parameter() -> re.Pattern[str]:
    return next(c.pattern for c in python2.CONSTRUCTS if c.name == "tuple parameter")


def entry(code: str):
    return next(e for e in builtin_catalogue().entries if e.code == code)


HORIZONS = {"twisted": "22.1.0", "python": "3.8"}

WORST_CASES = {
    "inline literal, unclosed": (lambda: scan_all(prose._LITERAL), lambda n: "``a " * n),
    "quotation, unclosed curly quotes": (lambda: scan_all(history._QUOTATION), lambda n: "\u201ca " * n),
    "quotation, unclosed literal": (lambda: scan_all(history._QUOTATION), lambda n: "``a " * n),
    "elision over blank lines": (lambda: samples._ELISION.search, lambda n: " \n" * n + "x"),
    "tuple parameter on one line": (lambda: scan_all(tuple_parameter()), lambda n: "def f(" * n),
    "tuple parameter, lambdas": (lambda: scan_all(tuple_parameter()), lambda n: "lambda (" * n),
    "titled role target": (lambda: prose._TITLED.match, lambda n: "a" + " " * (4 * n) + "b"),
    "titled link, blank title": (lambda: scan_all(prose._LINK), lambda n: "`" + " " * (4 * n)),
    "markup for plain text": (lambda: scan_all(plain._MARKUP), lambda n: " " * (4 * n) + "x"),
    "STL023 Application() without save": (lambda: lambda t: entry("STL023").matches(t, HORIZONS),
                                          lambda n: "app = Application('x')\n" * (n // 4)),
    "STL010 many release claims": (lambda: lambda t: entry("STL010").matches(t, HORIZONS),
                                   lambda n: "Twisted 1.0 " * n),
    "STL011 many Python claims": (lambda: lambda t: entry("STL011").matches(t, HORIZONS),
                                  lambda n: "Python 2.7 " * n),
}


@pytest.mark.parametrize("case", sorted(WORST_CASES))
def test_each_formerly_quadratic_pattern_is_linear_on_its_worst_input(case):
    make_run, make_text = WORST_CASES[case]
    assert ratio(make_run(), make_text) < BOUND


def test_thousands_of_ignore_comments_are_lexed_in_linear_time():
    def run(text: str) -> object:
        return controls.control_regions(scan_source(SourceText("x.rst", text)))

    assert ratio(run, lambda n: ".. faq-check: ignore PY001\n\nA paragraph.\n\n" * (n // 8)) < BOUND
    assert ratio(run, lambda n: ".. faq-check: ignore PY001\n\n" * (n // 8) + "End.\n") < BOUND


#: Texts that make a careless pattern backtrack: unclosed delimiters, long
#: runs of blanks or word characters, openings repeated without an end.
GENERATORS = ("``a ", "\u201ca ", " \n", " ", "a", "`", ":a:`", "<", "def f(", "Twisted 1.0 ", "a = Application(")


def every_pattern() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {}
    for module in (prose, blocks, controls, pythonish, plain, history, catalogue, apis, python2, refs, samples,
                   compiling, flakes_report):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module.__name__}.{name}"] = scan_all(value)
    for construct in python2.CONSTRUCTS:
        found[f"python2 {construct.name}"] = scan_all(construct.pattern)
    for rule in builtin_catalogue().entries:
        found[rule.code] = lambda text, rule=rule: rule.matches(text, HORIZONS)
    return found


def test_every_lexer_check_and_catalogue_pattern_is_linear_on_adversarial_text():
    """
    New patterns (and catalogue entries) are covered without a test of their
    own.  Hundreds of measurements on a shared machine are noisy, so a case
    counts as slow only if three measurements all reach x100 for x16 the
    text (a quadratic pattern reaches about x256; linear ones stay near x16).
    """
    slow = []
    for name, run in every_pattern().items():
        for seed in GENERATORS:
            if best_time(lambda: run(seed * 4_000), tries=1) < 0.003:
                continue  # too fast at this size to be superlinear
            measured = ratio(run, lambda n: seed * n, 250, 4_000, tries=1)
            if measured >= 100:  # measured again before it counts
                measured = min(measured, *(ratio(run, lambda n: seed * n, 250, 4_000, tries=2) for _ in range(2)))
            if measured >= 100:
                slow.append(f"{name} on {seed!r}: x{measured:.0f} for x16 the text")
    assert slow == []
