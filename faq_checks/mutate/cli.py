"""
``faq-check mutate [PATH ...]``: which of the answers' samples their proofs
do not check.

Exit status: 0 when every mutant ran and was killed, 1 when one survived,
was not run (budget spent) or an answer fails unmutated, 2 for usage errors
(a ``no-mutate`` without its reason, a path with no answers).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from faq_checks.options import positive, positive_int
from faq_checks.paths import add_answer_paths, rst_files
from faq_checks.mutate.execute import KILLED, SURVIVED, execute
from faq_checks.mutate.mutants import plan
from faq_checks.mutate.report import REPORTS
from faq_checks.mutate.targets import ControlError
from faq_checks.run.client import ServerStopped, default_jobs
from faq_checks.run.samples import DEFAULT_TIMEOUT

DEFAULT_CAP, DEFAULT_BUDGET = 25, 900.0


def mutate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faq-check mutate",
        description="Make small wrong versions of each answer's visible samples, run them, "
                    "and report those the answer's proofs do not catch.")
    add_answer_paths(parser)
    parser.add_argument("--max-per-answer", type=positive_int, default=DEFAULT_CAP, metavar="N",
                        help=f"at most N mutants per answer, a seeded choice (default {DEFAULT_CAP})")
    parser.add_argument("--seed", type=int, default=0, help="which mutants the cap keeps (default 0)")
    parser.add_argument("--budget", type=positive(float), default=DEFAULT_BUDGET, metavar="SECONDS",
                        help=f"start no mutant after this many seconds (default {DEFAULT_BUDGET:g})")
    parser.add_argument("--timeout", type=positive(float), default=DEFAULT_TIMEOUT,
                        help="seconds an answer may run unless it sets :timeout: (default %(default)g)")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(),
                        help="mutants run at once (default: %(default)s)")
    parser.add_argument("--format", choices=sorted(REPORTS), default="text")
    return parser


def _progress(answer) -> None:
    """One line on stderr per answer as it is done (the report, on stdout, comes at the end)."""
    if answer.baseline is None or answer.baseline.status != "passed":
        status = answer.baseline.status if answer.baseline else "not run"
        line = f"{answer.plan.path}: not mutated, the answer itself is {status}"
    else:
        line = (f"{answer.plan.path}: {answer.count(KILLED)} of {len(answer.results)} mutants killed"
                + (f", {answer.count(SURVIVED)} survived" if answer.count(SURVIVED) else ""))
    print(f"faq-check mutate: {line}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    options = mutate_parser().parse_args(argv)
    paths = [found for given in options.paths for found in (rst_files(given) if os.path.isdir(given) else [given])]
    if not paths:
        print(f"faq-check mutate: no .rst files in {' '.join(options.paths)}", file=sys.stderr)
        return 2
    plans, problems = [], []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as source:
                plans.append(plan(path, source.read(), options.max_per_answer, options.seed))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}:1: cannot read: {error}")
        except ControlError as error:
            problems.append(str(error))
    for problem in problems:
        print(f"faq-check mutate: {problem}", file=sys.stderr)
    started = time.monotonic()
    try:
        answers = execute(plans, options.jobs, options.timeout, options.budget, finished=_progress)
    except ServerStopped as error:
        print(f"faq-check mutate: {error}", file=sys.stderr)
        return 2
    REPORTS[options.format](answers, time.monotonic() - started, sys.stdout)
    if problems:
        return 2
    proven = all(a.baseline and a.baseline.status == "passed" and a.count(KILLED) == len(a.results) for a in answers)
    return 0 if proven else 1
