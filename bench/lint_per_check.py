"""
Time each lint check on a tree, and the linter's peak memory.

    python bench/lint_per_check.py /tmp/twisted-26.10.0/docs answers/

Prints, per tree, the read-and-lex time and each check's time and number of
findings, then the process's peak RSS.  Link checks are off (no network).
"""

from __future__ import annotations

import resource
import sys
import time

from faq_checks.lint.checks import CHECKS
from faq_checks.lint.document import read_document
from faq_checks.lint.engine import find_files, run_checks


def measure(tree: str) -> None:
    files, _ = find_files([tree])
    started = time.perf_counter()
    documents = [read_document(path) for path in files]
    print(f"{tree}: {len(documents)} files, read and lexed in {time.perf_counter() - started:.3f}s")
    for check in CHECKS:
        started = time.perf_counter()
        findings, errors = run_checks(documents, {}, [check])
        print(f"  {check.__name__:<20} {time.perf_counter() - started:7.3f}s  {len(findings):5d} findings"
              f"{'  ' + str(len(errors)) + ' errors' if errors else ''}")


def main(trees: list[str]) -> int:
    for tree in trees or ["answers"]:
        measure(tree)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
