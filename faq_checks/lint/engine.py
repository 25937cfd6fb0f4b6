"""
The engine: paths in, a :class:`Result` out.

It finds the files, reads and lexes each one once, runs every check on it,
keeps the findings and what the checks deferred to the end of the run (see
:mod:`.questions`) and forgets the document; the files are spread over
processes (:mod:`.spread`).  Then it judges the deferred findings, drops
what each document's own ``.. faq-check: ignore`` comments and the
selection silence, and returns the findings sorted.  Unreadable
files and invalid data are collected as errors (the CLI prints them and
exits 2) while everything readable is still checked.  Nothing here prints.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from faq_checks.lint.checker import Checked, Checker, judge
from faq_checks.lint.document import parse_text
from faq_checks.lint.fixers import attach
from faq_checks.lint.grouping import grouped
from faq_checks.lint.model import Check, Document, Finding, InputError
from faq_checks.lint.questions import Questions
from faq_checks.lint.resolution import Resolver
from faq_checks.lint.sphinxconf import sphinx_excluded
from faq_checks.lint.spill import Spill
from faq_checks.lint.spread import spread
from faq_checks.lint.suppress import apply_to
from faq_checks.paths import excluded, rst_files

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


def run_checks(documents: list[Document], settings: dict, checks: Sequence[Check],
               report_unused: bool = False) -> tuple[list[Finding], list[str]]:
    """
    Every check on documents already in hand (lint_text, the per-check
    bench).  With ``report_unused`` (only when every check ran), silencers
    that silenced nothing are findings too (CTL002).
    """
    checker = Checker(settings, checks)
    found, _, failures, _ = finish((checker.check_document(d) for d in documents), lambda path: ("", settings),
                                   report_unused)
    return [f for findings in found.values() for f in findings], failures


def finish(stream: Iterable[Checked], group_of, report_unused: bool = False
           ) -> tuple[dict[str, list[Finding]], list[str], list[str], int]:
    """
    Every checked document's findings, its deferred ones judged once the
    questions of its group (documents under one configuration) are answered,
    then its silencers applied (CTL002 for those that silenced nothing, with
    ``report_unused``), then one fault repeated in one element folded into
    one finding (:mod:`.grouping`); by group key.  Also the read errors, the other
    errors, and how many documents were read.  One resolver serves every
    group: a name resolves the same whatever the configuration.
    """
    resolver = Resolver()
    questions: dict[str, Questions] = {}
    found: dict[str, list[Finding]] = {}
    unreadable: list[str] = []
    errors: list[str] = []
    read = 0
    with Spill() as kept:  # read back in order below: memory stays flat however many documents
        for checked in stream:
            if checked.readable:
                if checked.group not in questions:
                    questions[checked.group] = Questions(group_of(checked.path)[1], resolver)
                questions[checked.group].add(checked.path, checked.labels, checked.deferred)
            kept.append(checked)
        answers = {key: group.answers() for key, group in questions.items()}
        for checked in kept:
            if not checked.readable:
                unreadable += checked.errors
                continue
            read += 1
            raw = checked.findings + judge(checked, answers[checked.group])
            settings = questions[checked.group].settings
            kept_findings = apply_to(checked.path, checked.silencers, raw, settings,
                                     report_unused and checked.complete)
            found.setdefault(checked.group, []).extend(grouped(attach(kept_findings, checked.fixes), checked.elements))
            errors += checked.errors
    errors += [error for group in questions.values() for error in group.errors]
    return found, unreadable, list(dict.fromkeys(errors)), read


def lint(paths: Iterable[str], settings: dict | None = None, selection: Selection = Selection(),
         checks: Sequence[Check] | None = None, exclude: Sequence[str] = (), scopes=None,
         texts: dict[str, str] | None = None, jobs: int | None = None, cache: bool = False) -> Result:
    """
    Lint files and directories; the one entry point the CLI and the tests use.
    With ``scopes`` each document is checked under its own configuration
    (settings, selection, excludes) and ``settings``/``selection`` are unused;
    documents under one configuration make one tree (their labels, their
    common folder).  A path in ``texts`` (standard input) is linted from that
    text, not read.  ``jobs`` processes check the files (default: one per
    available core; 1 checks them in this process); the findings are the same.
    With ``cache``, each document's result is kept on disk and used again
    while nothing it depends on changes (:mod:`.resultcache`): the findings
    are the same again.
    """
    every = checks is None  # only then can a silencer be known to silence nothing
    if checks is None:
        from faq_checks.lint.checks import CHECKS
        checks = CHECKS
    groups = Groups(dict(settings or {}), selection, scopes)
    files, missing = find_files(paths, exclude, scopes, texts)
    with collector_for_a_run():
        found, unreadable, failures, count = finish(spread(files, groups.of, checks, jobs, texts, cache),
                                                    groups.of, every)
    chosen = {f for key, findings in found.items() for f in findings if groups.selection(key).wants(f.code, f.path)}
    return Result(count, sorted(chosen), missing + unreadable + failures)


@contextmanager
def collector_for_a_run() -> Iterator[None]:
    """
    The cyclic garbage collector, for the length of a run, leaves alone what
    existed before it (``gc.freeze``: the linter's modules, the catalogue,
    the caller's objects) and waits for 10,000 new objects instead of 700
    before a young collection.  Each document's syntax trees are hundreds of
    thousands of short-lived objects: the collections walked the whole
    heap some 300 times on Twisted's docs, and a forked worker's walk writes
    to every page it shares with its parent.  Garbage of the run is still
    collected; the old objects are collectable again at the end, unless the
    caller had frozen objects of its own: those stay frozen, and so does the rest.
    """
    before = gc.get_threshold()
    # gc.unfreeze() thaws everything: a caller that froze objects itself (the
    # fork server does, before it forks workers) keeps them frozen, and then
    # this run leaves the permanent generation alone.
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    gc.set_threshold(max(before[0], YOUNG_OBJECTS), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if ours:
            gc.unfreeze()


#: New objects between two young collections during a run (the interpreter's default is 700).
YOUNG_OBJECTS = 10_000


class Groups:
    """Which configuration each file is checked under: its scope's key and settings (one group without scopes)."""

    def __init__(self, settings: dict, selection: Selection, scopes) -> None:
        self._settings, self._selection, self.scopes = settings, selection, scopes
        self._by_key: dict[str, object] = {}

    def of(self, path: str) -> tuple[str, dict]:
        if self.scopes is None:
            return "", self._settings
        scope = self.scopes.scope(path)  # already loaded (and so valid) while finding files
        self._by_key[scope.key] = scope
        return scope.key, scope.settings

    def selection(self, key: str) -> Selection:
        """The selection of a group already met by :meth:`of` in this process (``finish`` meets each)."""
        return self._by_key[key].selection if self.scopes is not None else self._selection


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
