"""
``faq-check lint [PATH ...]``: the command line over :func:`engine.lint`.

Exit status: 0 no findings, 1 findings, 2 usage error or input that could
not be read (the readable files are still checked and reported).  Findings
go to stdout in the chosen format; problems with the input go to stderr,
one line each, naming the file.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from faq_checks.lint import config as config_module
from faq_checks.lint import baseline, summary
from faq_checks.lint.engine import lint
from faq_checks.lint.model import InputError
from faq_checks.lint.scopes import Overrides, Scopes
from faq_checks.options import positive_int

DEFAULT_PATHS = ["answers/"]


def _codes(text: str) -> list[str]:
    codes = [code.strip() for code in text.split(",") if code.strip()]
    bad = [code for code in codes if not config_module.CODE_OR_PREFIX.match(code)]
    if bad:
        raise argparse.ArgumentTypeError(f"not a code or code prefix: {', '.join(bad)}")
    return codes


def since_release(text: str):
    """``--since X``: :func:`faq_checks.since.since_release`, which imports ``packaging`` only when it is given."""
    from faq_checks.since import since_release as release
    return release(text)


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    scale = units.get(text[-1:].lower(), 1)
    try:
        value = int(text[:-1] if scale > 1 else text) * scale
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a size in bytes: {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    from faq_checks.lint.reporters import REPORTERS
    p = argparse.ArgumentParser(
        prog="faq-check lint",
        description="Report stale advice, broken samples and broken cross-references in reStructuredText.",
        epilog="Exit status: 0 no findings, 1 findings, 2 usage error or unreadable input. "
               "faq-check rule CODE explains a code; all are in docs/rules/index.rst.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or directories of .rst, - for standard input (default: answers/)")
    p.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    p.add_argument("--stdin-filename", metavar="PATH",
                   help="the path standard input stands for: its config, excludes and messages")
    p.add_argument("--statistics", action="store_true", help="print how often each code was found, not the findings")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (2 still means bad input)")
    p.add_argument("--fail-on", choices=("error", "warning"), default="warning",
                   help="the lowest severity that makes the exit status 1 (default: warning)")
    p.add_argument("--baseline", metavar="FILE",
                   help="report only findings not recorded in FILE (written by --write-baseline)")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="record every current finding in FILE and exit 0: adopt on a legacy tree, then use --baseline")
    fixing = p.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true",
                        help="apply the certain fixes to the files (standard input: print the fixed text), "
                             "then report what is left")
    fixing.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and change nothing (exit 1 if there is one)")
    fixing.add_argument("--add-ignore", action="store_true",
                        help="silence every current finding with a comment where it is (# noqa: CODE on a "
                             "Python line, else .. faq-check: ignore CODE), as ruff's --add-noqa")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the text format (auto: on a terminal, unless NO_COLOR is set)")
    p.add_argument("--select", type=_codes, action="append", default=[], metavar="CODES",
                   help="report only these codes or prefixes, comma-separated (replaces the config's)")
    p.add_argument("--ignore", type=_codes, action="append", default=[], metavar="CODES",
                   help="do not report these codes or prefixes (added to the config's)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching GLOB (with a /: from the current folder)")
    p.add_argument("--links", action="store_true", default=None, help="also check external links (network)")
    p.add_argument("--links-allow-private", action="store_true",
                   help="follow redirects to loopback, private and link-local addresses (refused by default "
                        "unless the link itself points at one)")
    p.add_argument("--link-cache", metavar="FILE", help="link cache file (\"\" for none; default in $XDG_CACHE_HOME)")
    p.add_argument("--since", type=since_release, metavar="RELEASE",
                   help="only findings about a release after RELEASE (stale_since, deprecations, removals)")
    p.add_argument("--docs-tree", metavar="DIR", help="Twisted docs tree to check howto links against")
    p.add_argument("--max-file-size", type=_size, metavar="BYTES",
                   help="report and skip files larger than this (default 4 MiB; 4M, 512K also work)")
    p.add_argument("--jobs", type=positive_int, default=None, metavar="N",
                   help="processes that check files (default: one per available core; 1: none but this one)")
    p.add_argument("--no-cache", action="store_true",
                   help="check every document afresh: neither read nor write the result cache in $XDG_CACHE_HOME")
    p.add_argument("--config", metavar="PYPROJECT",
                   help="read [tool.faq-check] from this file for every document "
                        "(default: each document's nearest pyproject.toml)")
    p.add_argument("--no-config", action="store_true", help="ignore pyproject.toml")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply the config's excludes to files named on the command line too (for pre-commit)")
    return p


def _overrides(options: argparse.Namespace) -> Overrides:
    settings: dict = {}
    if options.links is not None:
        settings["links"] = options.links
    if options.docs_tree:
        if not os.path.isdir(options.docs_tree):
            raise config_module.ConfigError(f"--docs-tree: no such folder: {options.docs_tree}")
        settings["docs_tree"] = options.docs_tree
    if options.link_cache is not None:
        settings["link_cache"] = options.link_cache
    settings["links_allow_private"] = options.links_allow_private
    if options.max_file_size:
        settings["max_file_size"] = options.max_file_size
    if options.config and not os.path.isfile(options.config):
        raise config_module.ConfigError(f"--config: no such file: {options.config}")
    return Overrides(config=options.config, no_config=options.no_config,
                     select=tuple(code for group in options.select for code in group),
                     ignore=tuple(code for group in options.ignore for code in group),
                     exclude=tuple(config_module.anchored(options.exclude, os.getcwd())),
                     force_exclude=options.force_exclude, settings=settings)


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``faq-check lint``; returns the exit status and never raises on bad input."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        options = parser().parse_args(argv)
    except SystemExit as exit:  # argparse has already explained on stderr
        return exit.code if isinstance(exit.code, int) else 2
    try:
        scopes = Scopes(_overrides(options))
        known = baseline.load(options.baseline) if options.baseline else None
    except InputError as error:
        stderr.write(f"faq-check lint: {error}\n")
        return 2
    paths, texts = _inputs(options)

    def run(paths: list[str], texts: dict[str, str]):
        result = lint(paths, scopes=scopes, texts=texts, jobs=options.jobs, cache=not options.no_cache)
        if options.since:
            from faq_checks.since import findings_after
            result.findings = findings_after(result.findings, options.since)
        if known is not None and not options.write_baseline:
            result.findings = baseline.new_findings(result.findings, options.baseline, texts, known)
        return result

    try:
        result = run(paths, texts)
        if options.write_baseline:
            return _write_baseline(options.write_baseline, result, texts, stderr)
        fixed = None
        if options.fix or options.diff or options.add_ignore:
            from faq_checks.lint.fixflow import fix_flow
            outcome = fix_flow(options, result, texts, lambda changed: run(list(changed), {**texts, **changed}),
                               stdout, stderr)
            if isinstance(outcome, int):
                return outcome
            fixed, texts = outcome
            result = run(paths, texts)
    except KeyboardInterrupt:
        stderr.write("faq-check lint: interrupted\n")
        return 130
    report_to = stderr if options.fix and texts else stdout  # stdout carries the fixed text
    _report(result, options, report_to)
    for error in result.errors:
        stderr.write(f"faq-check lint: {error}\n")
    if options.format == "text":
        done = "silenced" if options.add_ignore else "fixed"
        stderr.write(summary.summary_line(result, fixed=fixed, done=done) + "\n")
    return summary.exit_status(result, options.exit_zero, options.fail_on)


def _write_baseline(path: str, result, texts: dict[str, str], stderr: TextIO) -> int:
    try:
        baseline.write(path, result.findings, texts)
    except InputError as error:
        stderr.write(f"faq-check lint: {error}\n")
        return 2
    for error in result.errors:
        stderr.write(f"faq-check lint: {error}\n")
    stderr.write(f"faq-check lint: recorded {len(result.findings)} findings in {path}\n")
    return 2 if result.errors else 0


def _inputs(options: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The paths to lint, and the text of ``-`` under the name it stands for."""
    paths = options.paths or DEFAULT_PATHS
    if "-" not in paths:
        return paths, {}
    name = options.stdin_filename or "<stdin>"
    return [name if path == "-" else path for path in paths], {name: sys.stdin.read()}


def _report(result, options: argparse.Namespace, stdout: TextIO) -> None:
    from faq_checks.lint.reporters import REPORTERS
    if options.statistics:
        summary.statistics(result, stdout)
    elif options.format == "text" and summary.colour_wanted(options.color, stdout):
        summary.coloured_text(result, stdout)
    else:
        REPORTERS[options.format](result, stdout)


if __name__ == "__main__":
    sys.exit(main())
