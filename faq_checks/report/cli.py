"""``faq-check report``: read (or produce) the JSON of run, matrix and lint; write one HTML page."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from faq_checks.paths import add_answer_paths
from faq_checks.report import model, page
from faq_checks.report.rules import rule_links


class InputError(Exception):
    """A document that cannot be read; the message names it."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faq-check report",
        description="One self-contained HTML page: status, matrix row, history and lint findings per answer.")
    add_answer_paths(parser, help="what run and lint check when their JSON is not given")
    parser.add_argument("--run", type=Path, help="faq-check run --format json output (else it is run)")
    parser.add_argument("--lint", type=Path, help="faq-check lint --format json output (else it is run)")
    parser.add_argument("--matrix", type=Path, help="faq-check matrix output")
    parser.add_argument("--twisted", metavar="RELEASES",
                        help="without --matrix: run faq-check matrix --twisted RELEASES first")
    parser.add_argument("--rules-dir", type=Path, default=Path("docs/rules"),
                        help="the lint rule docs, for links (default: docs/rules)")
    parser.add_argument("--rules-url", help="the built rule docs (tox -e docs), to link their HTML pages")
    parser.add_argument("--output", "-o", type=Path, default=Path("faq-report.html"))
    return parser


def _read(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    except ValueError as error:
        raise InputError(f"{path}:{getattr(error, 'lineno', 1)}: not JSON: {error}") from None
    if not isinstance(document, dict):
        raise InputError(f"{path}:1: expected a JSON object")
    return document


def _produce(command: list[str]) -> dict:
    """Run one of our own subcommands for its JSON (exit 1, findings or failures, is fine)."""
    done = subprocess.run([sys.executable, "-m", "faq_checks", *command],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise InputError(f"faq-check {command[0]} gave no JSON: {done.stderr.strip()[-500:]}") from None


def main(argv: list[str]) -> int:
    options = parser().parse_args(argv)
    try:
        run = _read(options.run) if options.run else _produce(["run", "--format", "json", *options.paths])
        lint = _read(options.lint) if options.lint else _produce(["lint", "--format", "json", *options.paths])
        matrix = (_read(options.matrix) if options.matrix else
                  _produce(["matrix", "--twisted", options.twisted, *options.paths]) if options.twisted else None)
    except InputError as error:
        print(f"faq-check report: {error}", file=sys.stderr)
        return 2
    table = model.rows(run, matrix, lint)
    html = page.render(table, model.summary(run, matrix, lint, table),
                       rule_links(options.rules_dir, options.rules_url))
    options.output.write_text(html, encoding="utf-8")
    print(f"faq-check report: wrote {options.output}", file=sys.stderr)
    return 0
