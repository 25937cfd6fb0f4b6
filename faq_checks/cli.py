"""
``faq-check``: run the answers, or lint any reStructuredText tree.

    faq-check [run] [PATH ...] [--timeout S] [--jobs N] [--format text|json]
    faq-check lint [PATH ...] [options]      (see faq-check lint --help)
    faq-check rule CODE                      (what a lint code means)
    faq-check mutate [PATH ...] [options]    (see faq-check mutate --help)
    faq-check --version | --help

Bare ``faq-check`` (or one naming only paths) runs the answers.  Each
subcommand is a row of :data:`COMMANDS`, imported only when it is chosen, so
``faq-check lint`` never pays for the runner and adding a command is adding
a row.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from faq_checks.paths import add_answer_paths, find_answers

if TYPE_CHECKING:
    from faq_checks.run.outcome import AnswerOutcome

# The runner's modules are imported by the functions that use them, so that
# ``faq-check lint`` (one file from an editor or pre-commit) never loads them.


def run_parser() -> argparse.ArgumentParser:
    from faq_checks.options import positive_int
    from faq_checks.run.client import default_jobs
    from faq_checks.run.report import REPORTS
    from faq_checks.run.samples import DEFAULT_TIMEOUT, seconds_option
    from faq_checks.since import since_release

    parser = argparse.ArgumentParser(
        prog="faq-check run",
        description="Run every example of each answer in its own process and report per answer.")
    add_answer_paths(parser)
    parser.add_argument("--timeout", type=seconds_option, default=DEFAULT_TIMEOUT,
                        help=f"seconds an answer may run unless it sets :timeout: (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(),
                        help="answers run at once (default: %(default)s)")
    parser.add_argument("--format", choices=sorted(REPORTS), default="text")
    parser.add_argument("--allow-empty", action="store_true",
                        help="a document without examples passes (an index page) instead of failing")
    parser.add_argument("--since", type=since_release, metavar="RELEASE",
                        help="only answers that changed after RELEASE (:changed-in:, and --matrix turns)")
    parser.add_argument("--matrix", metavar="FILE", help="faq-check matrix output, for --since")
    add_sandbox_options(parser)
    return parser


def add_sandbox_options(parser: argparse.ArgumentParser) -> None:
    """--pass-env, --limit and --sandbox: what the workers may see and use (README, "the sandbox")."""
    from faq_checks.run.samples import option_type
    from faq_checks.run.sandbox import LIMITS, parse_limit, variable_name

    parser.add_argument("--pass-env", action="append", default=[], type=option_type(variable_name), metavar="NAME",
                        help="give every answer this variable of your environment too (repeatable); "
                             "the workers otherwise see only PATH, the locale, TZ, TERM and Python's own")
    parser.add_argument("--limit", action="append", default=[], type=option_type(parse_limit), metavar="NAME=VALUE",
                        help="change a resource limit of the workers (repeatable): "
                             + ", ".join(f"{limit.name} (default {limit.default:,} {limit.unit})" for limit in LIMITS))
    parser.add_argument("--sandbox", choices=("default", "strict"), default="default",
                        help="strict: each worker also has no network but loopback, and sees the project, "
                             "the Python environment and its answer's folder read-only (needs unprivileged "
                             "user namespaces; exit 2 naming what is missing)")


def _no_examples(outcome: AnswerOutcome, allow_empty: bool = False) -> AnswerOutcome:
    """An answer in which nothing runs proves nothing: that is a failure, unless allowed."""
    from faq_checks.run.outcome import Failure
    from faq_checks.run.samples import NO_EXAMPLES

    if outcome.status == "passed" and not outcome.examples and not allow_empty:
        outcome.status = "failed"
        outcome.failures.append(Failure(1, NO_EXAMPLES))
    return outcome


def _given_order(finished, order: list[int], allow_empty: bool):
    """Number each finished outcome by its place in the paths given, not the order started."""
    for item in finished:
        if item is None:
            yield None  # nothing new: a moment to redraw the progress line
        else:
            started_as, outcome = item
            yield order[started_as], _no_examples(outcome, allow_empty)


def run(argv: list[str]) -> int:
    from faq_checks.since import answers_after
    from faq_checks.run.client import Runner, ServerStopped
    from faq_checks.run.interrupt import NOT_RUN, Interrupted, stop_on_signals
    from faq_checks.run.report import REPORTS, report_all
    from faq_checks.run.schedule import Durations, longest_first

    options = run_parser().parse_args(argv)
    missing = [path for path in options.paths if not os.path.lexists(path)]
    for path in missing:  # still run the others, then exit 2
        print(f"faq-check run: {path}: no such file or directory", file=sys.stderr)
    paths = find_answers(options.paths)
    if not paths:
        print(f"faq-check run: no .rst files in {' '.join(options.paths)}", file=sys.stderr)
        return 2
    if options.since:
        try:
            paths = answers_after(paths, options.since, options.matrix)
        except (OSError, ValueError, KeyError) as error:
            print(f"faq-check run: --matrix {options.matrix}: {error}", file=sys.stderr)
            return 2
    live = options.format == "text" and sys.stdout.isatty()
    report = REPORTS[options.format](sys.stdout, live=live)
    durations = Durations.load()
    order = longest_first(paths, durations)  # indices into paths, the slowest last time first
    from faq_checks.run.sandbox import limits

    settings = {"limits": limits(options.limit), "sandbox": options.sandbox}
    if options.sandbox == "strict":
        from faq_checks.run.namespaces import refused_here
        problem = refused_here()
        if problem:
            print(f"faq-check run: --sandbox strict is not possible here: {problem}", file=sys.stderr)
            return 2
    with stop_on_signals():
        try:
            with Runner(jobs=options.jobs, timeout=options.timeout, settings=settings,
                        pass_env=options.pass_env) as runner:
                finished = runner.as_finished([paths[index] for index in order], tick=0.5 if live else None)
                numbered = _given_order(finished, order, options.allow_empty)
                outcomes, stop = report_all(numbered, paths, report, runner.running,
                                            lambda: list(_given_order(runner.arrived(), order, options.allow_empty)))
        except Interrupted as late:  # after the report: the server still stops itself
            return late.status
        durations.record([outcome for outcome in outcomes if outcome.status != NOT_RUN])
        durations.save()
    if isinstance(stop, ServerStopped):
        print(f"faq-check run: {stop}", file=sys.stderr)
        return 2
    if stop is not None:
        return stop.status if isinstance(stop, Interrupted) else 130
    if missing:
        return 2
    return 0 if all(outcome.status == "passed" for outcome in outcomes) else 1


#: name -> ("module:function" taking the remaining arguments, one-line summary)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("faq_checks.cli:run", "run each answer's examples in sandboxed workers (the default)"),
    "lint": ("faq_checks.lint.cli:main", "report stale advice and broken references in any .rst tree"),
    "rule": ("faq_checks.lint.rule_doc:main", "print what a lint code checks, with its example"),
    "mutate": ("faq_checks.mutate.cli:main", "report which mutants of the answers' visible samples their proofs miss"),
    "matrix": ("faq_checks.matrix.cli:main", "run the answers on several Twisted releases, one cached env each"),
    "report": ("faq_checks.report.cli:main", "write one self-contained HTML page from run, matrix and lint"),
}


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("faq-checks")
    except metadata.PackageNotFoundError:
        return "unknown"


def top_parser() -> argparse.ArgumentParser:
    """``faq-check --help``: the commands with their summaries; each has its own --help."""
    parser = argparse.ArgumentParser(
        prog="faq-check", description="Run an executable FAQ's answers, or lint any reStructuredText tree.",
        epilog="Bare faq-check (or faq-check PATH ...) runs the answers, as faq-check run does. "
               "faq-check COMMAND --help explains each command.")
    parser.add_argument("--version", action="version", version=f"faq-check {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, (_, summary) in COMMANDS.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def _command(argv: list[str]) -> tuple[str, list[str]] | int:
    """The command to run and its arguments, or an exit status when there is nothing to run."""
    first = argv[0] if argv else None
    if first in COMMANDS:
        return first, argv[1:]
    if first in ("-h", "--help", "--version"):
        try:
            top_parser().parse_args([first])
        except SystemExit as exit:
            return exit.code if isinstance(exit.code, int) else 0
    if first is None or first.startswith("-") or os.path.exists(first) or first.endswith(".rst"):
        return "run", argv  # bare faq-check, or options and paths for run
    import difflib
    close = difflib.get_close_matches(first, list(COMMANDS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; commands: {', '.join(COMMANDS)}"
    print(f"faq-check: unknown command {first!r} (and no such file){hint}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        chosen = _command(argv)
        if isinstance(chosen, int):
            return chosen
        name, rest = chosen
        from importlib import import_module
        module, function = COMMANDS[name][0].split(":")
        if name == "lint":  # what pre-commit and editors start on every save: its regexes kept compiled
            from faq_checks.regex_programs import imported
            return getattr(imported(module), function)(rest)
        return getattr(import_module(module), function)(rest)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head: stop quietly, as cat would
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
