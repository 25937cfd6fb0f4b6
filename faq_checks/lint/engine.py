"""
The engine: paths in, a :class:`Result` out.

It finds the files, reads and lexes each one, runs every check on every
document, drops what the document's own ``.. faq-check: ignore`` comments
and the selection silence, and returns the findings sorted.  Unreadable
files and invalid data are collected as errors (the CLI prints them and
exits 2) while everything readable is still checked.  Nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from faq_checks.lint.document import parse_text, read_document
from faq_checks.lint.model import Check, Context, Document, Finding, InputError
from faq_checks.lint.sphinxconf import sphinx_excluded
from faq_checks.lint.suppress import apply
from faq_checks.paths import DEFAULT_MAX_FILE_SIZE, excluded, rst_files

@dataclass(frozen=True)
class Selection:
    """
    Which codes to report: a code or prefix in ``select`` (all if empty), none
    in ``ignore``, nor in the codes of a ``per_file`` glob the path matches.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def wants(self, code: str, path: str | None = None) -> bool:
        chosen = not self.select or any(code.startswith(s) for s in self.select)
        ignored = list(self.ignore)
        if path is not None:
            ignored += [c for pattern, codes in self.per_file if excluded(path, [pattern]) for c in codes]
        return chosen and not any(code.startswith(i) for i in ignored)


@dataclass
class Result:
    files: int
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def find_files(paths: Iterable[str], exclude: Sequence[str] = (), scopes=None,
               texts: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """
    Files as given, directories expanded to their .rst files (less those
    the Sphinx project's ``exclude_patterns`` leaves out); and the paths
    that do not exist or whose configuration is invalid.  ``scopes`` (a
    :class:`~faq_checks.lint.scopes.Scopes`) decides per path what is excluded.
    """
    files, errors = [], []
    texts = texts or {}

    def guarded(skip):
        def check(path: str) -> bool:
            try:
                return skip(path)
            except InputError as error:  # a broken config skips its files, not the others
                errors.append(str(error))
                return True
        return check

    walked = guarded(scopes.skip_walked) if scopes else None
    named = guarded(scopes.skip_named) if scopes else (lambda path: False)
    for path in paths:
        if os.path.isdir(path):
            if not named(path):
                files += [f for f in rst_files(path, exclude, walked) if not sphinx_excluded(f)]
        elif os.path.exists(path) or os.path.islink(path) or path in texts:
            if not named(path):
                files.append(path)
        else:
            errors.append(f"{path}: cannot read: no such file or directory")
    return list(dict.fromkeys(files)), list(dict.fromkeys(errors))


def read_all(files: Iterable[str], texts: dict[str, str] | None = None,
             limit_of=lambda path: DEFAULT_MAX_FILE_SIZE) -> tuple[list[Document], list[str]]:
    """Each file read and lexed; one in ``texts`` (standard input) is taken from there; ``limit_of(path)`` is its max_file_size."""
    documents, errors = [], []
    texts = texts or {}
    for path in files:
        try:
            documents.append(parse_text(path, texts[path]) if path in texts else read_document(path, limit_of(path)))
        except InputError as error:
            errors.append(str(error))
        except (RecursionError, MemoryError) as error:  # one crafted file must not lose the others' findings
            errors.append(f"{path}: cannot lint: {type(error).__name__} (too deeply nested or too large)")
    return documents, errors


def run_checks(documents: list[Document], settings: dict, checks: Sequence[Check],
               report_unused: bool = False) -> tuple[list[Finding], list[str]]:
    """
    Every check on every document; a check that fails is an error, not a
    crash.  With ``report_unused`` (only when every check ran), silencers that
    silenced nothing are findings too (CTL002).
    """
    context = Context(documents, settings)
    findings: list[Finding] = []
    errors: list[str] = []
    broken: set[int] = set()
    for document in documents:
        raw: list[Finding] = []
        failed_before = len(errors)
        for index, check in enumerate(checks):
            if index in broken:
                continue
            try:
                found = list(check(document, context))
            except InputError as error:
                errors.append(str(error))
                broken.add(index)
                continue
            except Exception as error:  # a bug in a check must not hide the other findings
                errors.append(f"{document.path}: internal error in {_name(check)}: {type(error).__name__}: {error}")
                continue
            raw += found
        findings += apply(document, raw, settings, report_unused and not broken and len(errors) == failed_before)
    return findings, list(dict.fromkeys(errors + context.memo.get("errors", [])))


def _name(check: Check) -> str:
    return getattr(check, "__qualname__", None) or type(check).__name__


def lint(paths: Iterable[str], settings: dict | None = None, selection: Selection = Selection(),
         checks: Sequence[Check] | None = None, exclude: Sequence[str] = (), scopes=None,
         texts: dict[str, str] | None = None) -> Result:
    """
    Lint files and directories; the one entry point the CLI and the tests use.
    With ``scopes`` each document is checked under its own configuration
    (settings, selection, excludes) and ``settings``/``selection`` are unused.
    A path in ``texts`` (standard input) is linted from that text, not read.
    """
    every = checks is None  # only then can a silencer be known to silence nothing
    if checks is None:
        from faq_checks.lint.checks import CHECKS
        checks = CHECKS
    files, missing = find_files(paths, exclude, scopes, texts)

    def limit_of(path: str) -> int:
        chosen = scopes.scope(path).settings if scopes is not None else (settings or {})
        return int(chosen.get("max_file_size", DEFAULT_MAX_FILE_SIZE))

    documents, unreadable = read_all(files, texts, limit_of)
    findings: set[Finding] = set()
    failures: list[str] = []
    for group_settings, group_selection, group in _groups(documents, settings, selection, scopes):
        found, failed = run_checks(group, group_settings, checks, report_unused=every)
        findings.update(f for f in found if group_selection.wants(f.code, f.path))
        failures += failed
    return Result(len(documents), sorted(findings), missing + unreadable + list(dict.fromkeys(failures)))


def _groups(documents: list[Document], settings: dict | None, selection: Selection, scopes):
    """(settings, selection, documents) for each configuration in play, documents in order."""
    if scopes is None:
        return [(dict(settings or {}), selection, documents)]
    grouped: dict[str, tuple] = {}
    for document in documents:
        scope = scopes.scope(document.path)  # already loaded (and so valid) while finding files
        grouped.setdefault(scope.key, (dict(scope.settings), scope.selection, []))[2].append(document)
    return list(grouped.values())


def lint_text(text: str, path: str = "example.rst", settings: dict | None = None,
              checks: Sequence[Check] | None = None) -> list[Finding]:
    """Lint one document given as text: what the rule docs and the tests call."""
    every = checks is None
    if checks is None:
        from faq_checks.lint.checks import CHECKS
        checks = CHECKS
    findings, errors = run_checks([parse_text(path, text)], dict(settings or {}), checks, report_unused=every)
    if errors:
        raise InputError("; ".join(errors))
    return sorted(findings)
