"""
What the deadline on a project's own catalogue rules costs.

    python bench/rule_guard.py ~/.cache/faq-check-realdocs/trees/twisted-26.10/twisted-26.10.0/docs

Runs the stale-advice check on every document of the tree with three
project rules (the shape ``[[tool.faq-check.catalogue]]`` gives them), once
guarded (each document's texts matched in one forked child, with a deadline,
:mod:`faq_checks.lint.regexguard`) and once with the same rules matched in
this process, alternating, and prints both times, the ratio and the cost
per document.  Both runs must find the same findings.
"""

from __future__ import annotations

import sys
import time
from unittest import mock

from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.document import read_document
from faq_checks.lint.engine import find_files, run_checks

RULES = [
    {"code": f"ACME00{n}", "title": title, "match": match, "where": where, "message": "Say it today's way.",
     "stale_since": "2024-01-01", "severity": "warning", "fixture_match": hit, "fixture_clean": "nothing here"}
    for n, (title, match, where, hit) in enumerate([
        ("old host", r"\btwistedmatrix\.com\b", "both", "see twistedmatrix.com"),
        ("old reactor word", r"\b(?:select|poll)reactor\b", "both", "the pollreactor"),
        ("inline callbacks", r"@(?:defer\.)?inlineCallbacks\b", "code", "@defer.inlineCallbacks"),
    ], start=1)
]


class InProcess:
    """The same answers as regexguard.Guard, without the child: the unguarded alternative."""

    def __init__(self, patterns):
        self.patterns = list(patterns)

    def starts(self, texts, deadline=None):
        return [[[m.start() for m in pattern.finditer(text)] for _, pattern in self.patterns] for text in texts]


def timed(documents, settings, rounds: int, unguarded: bool) -> tuple[float, list]:
    best, findings = float("inf"), []
    for _ in range(rounds):
        started = time.perf_counter()
        if unguarded:
            with mock.patch("faq_checks.lint.checks.stale.Guard", InProcess):
                findings, _ = run_checks(documents, settings, [check_stale])
        else:
            findings, _ = run_checks(documents, settings, [check_stale])
        best = min(best, time.perf_counter() - started)
    return best, findings


def main(tree: str, rounds: int = 5) -> int:
    files, _ = find_files([tree])
    documents = [read_document(path) for path in files]
    settings = {"catalogue": RULES, "config_path": "pyproject.toml"}
    none = {"config_path": "pyproject.toml"}
    timed(documents, settings, 1, False)  # warm the catalogue and the prefilters
    base, _ = timed(documents, none, rounds, False)
    plain, unguarded = timed(documents, settings, rounds, True)
    guarded_time, guarded = timed(documents, settings, rounds, False)
    assert sorted(unguarded) == sorted(guarded), "the guard changed the findings"
    own = sum(1 for f in guarded if f.code.startswith("ACME"))
    print(f"{tree}: {len(documents)} documents, {own} findings of the project's 3 rules (best of {rounds})")
    print(f"  stale check, no project rules     {base:7.3f}s")
    print(f"  project rules in this process     {plain:7.3f}s")
    print(f"  project rules in a guarded child  {guarded_time:7.3f}s  "
          f"x{guarded_time / plain:.2f}, {1000 * (guarded_time - plain) / len(documents):.1f} ms per document")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs"))
