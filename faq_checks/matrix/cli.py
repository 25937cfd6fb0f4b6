"""``faq-check matrix``: build (or reuse) one env per release, run the answers in each, fold."""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from faq_checks.matrix import aggregate, history
from faq_checks.matrix.collect import column
from faq_checks.matrix.envs import Env, default_cache, find_uv
from faq_checks.matrix.releases import ReleaseError, parse_spec
from faq_checks.matrix.table import write_table
from faq_checks.paths import add_answer_paths, find_answers
from faq_checks.run.samples import DEFAULT_TIMEOUT, AnswerError, parse_answer


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faq-check matrix",
        description="Run the answers on several Twisted releases, each in its own cached virtualenv.")
    add_answer_paths(parser)
    parser.add_argument("--twisted", required=True, metavar="RELEASES",
                        help="comma list of versions, 'all', 'next', or a pip requirement (a checkout)")
    parser.add_argument("--jobs", type=int, default=2, help="envs built and run at once (default 2)")
    parser.add_argument("--installer", choices=("auto", "pip", "uv"), default="auto",
                        help="auto: uv when it is installed, else pip")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"where the envs live (default {default_cache()})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="per-answer timeout passed to each run")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument("--output", "-o", type=Path, help="write the JSON document here too")
    return parser


def answer_info(paths: list[str]) -> dict[str, dict]:
    """Title, fields and example lines of each answer, from the files themselves."""
    found = {}
    for path in find_answers(paths):
        try:
            answer = parse_answer(path)
        except AnswerError:
            found[path] = {"title": "", "fields": {}, "lines": []}  # each run reports the error
            continue
        found[path] = {"title": answer.title, "fields": answer.fields, "lines": answer.lines}
    return found


def main(argv: list[str]) -> int:
    options = parser().parse_args(argv)
    installer = options.installer
    if installer == "auto":
        installer = "uv" if find_uv() else "pip"
    try:
        releases = parse_spec(options.twisted)
    except ReleaseError as error:
        print(f"faq-check matrix: {error}", file=sys.stderr)
        return 2
    answers = answer_info(options.paths)
    if not answers:
        print(f"faq-check matrix: no .rst files in {' '.join(options.paths)}", file=sys.stderr)
        return 2
    cache = options.cache_dir or default_cache()
    jobs = max(1, options.jobs)
    run_jobs = max(1, (os.cpu_count() or 2) // jobs)

    def one(release):
        done = column(Env(release, cache), installer, list(answers), run_jobs, options.timeout)
        print(f"faq-check matrix: {release.label}: {done['state']}", file=sys.stderr)
        return done

    with ThreadPoolExecutor(jobs) as pool:
        columns = list(pool.map(one, releases))
    document = aggregate.build(columns, answers)
    document["installer"] = installer
    document["mismatches"] = [m for row in document["answers"] for m in history.mismatches(row)]
    text = json.dumps(document, indent=2) + "\n"
    if options.output:
        options.output.write_text(text)
    if options.format == "json":
        sys.stdout.write(text)
    else:
        write_table(document, sys.stdout)
    return 0 if all(c["state"] == "ran" for c in columns) else 1
