"""
REF001-REF003: cross-references that do not lead anywhere.

REF001 a ``:ref:`` target that is no label in the tree; REF002 a ``:doc:``
target that is no document (relative to the citing document, or from the
tree's root when it starts with ``/``); REF003 a positional reference ("see
previous question"), which breaks as soon as answers are reordered or split
into files of their own.  Targets with a ``project:`` prefix belong to
intersphinx and are not checked offline.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator

from faq_checks.lint import sphinxconf, tree
from faq_checks.lint.codes import severity
from faq_checks.lint.history import field_spans, history_file, history_spans, quoted_spans
from faq_checks.lint.model import Context, Deferred, Document, Finding, RegionKind
from faq_checks.lint.plain import plain_region
from faq_checks.lint.prefilter import may_match

REF_ROLES = ("ref", "std:ref")
DOC_ROLES = ("doc", "std:doc")
_INTERSPHINX = re.compile(r"^[A-Za-z][\w.-]*:(?!/)")
_POSITIONAL = re.compile(
    r"(?<!\bno\s)\b(?:the\s+)?(?:previous|preceding|next|following)\s+(?:question|answer|FAQ(?:\s+entry)?|entry)\b"
    r"|\b(?:question|answer|FAQ\s+entry)\s+(?:above|below)\b",
    re.IGNORECASE,
)
#: Most paragraphs have none of its words: only those that do run it (a tenth of the linter's regex time).
_MAY_BE_POSITIONAL = may_match(_POSITIONAL)


def check_refs(document: Document, context: Context) -> Iterator[Finding | Deferred]:
    yield from _roles(document, context)
    yield from _positional(document, context.settings.get("history_files"))


def _roles(document: Document, context: Context) -> Iterator[Finding | Deferred]:
    for role in document.of_kind(RegionKind.ROLE):
        name = role.attributes.get("name", "")
        target = role.text.strip()
        if not target:
            continue
        if _INTERSPHINX.match(target):
            if name in REF_ROLES or name in DOC_ROLES:
                yield from _unknown_inventory(document, role, name, target)
            continue
        if name in REF_ROLES and not _label_known(document, context, target):
            finding = _finding(document, role, "REF001", (
                f":ref: target {target!r} is not a label in the tree: define it with "
                f"'.. _{tree.normalize(target)}:' above the section, or fix the spelling"))
            yield Deferred(unless_label, (finding, tree.normalize(target), _project(document),
                                          _root(document, context), _sections(document),
                                          _intersphinx(document, "std:ref")))
        elif name in DOC_ROLES and not _intersphinx(document, "std:doc"):  # else maybe another project's page
            finding = _finding(document, role, "REF002", (
                f":doc: target {target!r} is not a document: name an existing .rst file "
                f"(relative to this one, or /absolute from the tree's root), without the suffix"))
            base = _base(document, context, target)
            if base is None:
                yield Deferred(unless_document_under_common_root, (finding, target.lstrip("/")))
            elif not tree.document_exists(base, target.lstrip("/")):
                yield _with_nearer_document(finding, base, target)


def _with_nearer_document(finding: Finding, base: str, target: str) -> Finding:
    """
    A relative target that climbs out of the tree (``../Getting-Started``
    from a page at the root: Crossbar's pages moved up a level) often names
    a document that is there with fewer ``../``: say which.
    """
    climbed = target
    while climbed.startswith("../"):
        climbed = climbed[3:]
        if tree.document_exists(base, climbed):
            return dataclasses.replace(finding, message=finding.message + f" (did you mean {climbed!r}?)")
    return finding


def _unknown_inventory(document: Document, role, name: str, target: str) -> Iterator[Finding]:
    """
    ``:ref:`py2:email-examples``` where conf.py's ``intersphinx_mapping`` has
    no ``py2`` (Twisted dropped it with Python 2): Sphinx cannot resolve it.
    Only with a literal mapping; a target whose prefix it has is that
    project's business.
    """
    conf = sphinxconf.conf_for(document.path)
    known = conf.inventories() if conf is not None else None
    prefix = target.split(":", 1)[0]
    if known is None or prefix in known:
        return
    code = "REF001" if name in REF_ROLES else "REF002"
    have = ", ".join(sorted(known)) or "none"
    yield _finding(document, role, code, (
        f":{name}: target {target!r} names the intersphinx inventory {prefix!r}, which conf.py's "
        f"intersphinx_mapping does not have (it has: {have}), so Sphinx cannot resolve it: "
        f"point it at one of those, or add {prefix!r} to the mapping"))


def _finding(document: Document, role, code: str, message: str) -> Finding:
    return Finding(document.path, role.line, role.column, code, severity(code), message)


def _label_known(document: Document, context: Context, target: str) -> bool:
    """
    Whether the label is known from this document alone: defined in it, by
    Sphinx, in a file under the tree's root, or by autosectionlabel.  If
    not, the labels of the run's other documents in the same project decide,
    at the end of the run (:func:`unless_label`).
    """
    return tree.normalize(target) in _local_labels(document, context)


def _local_labels(document: Document, context: Context) -> set[str]:
    """Gathered once per document: a document with many roles and labels asked for each role."""
    return document.derive(("local_labels",), lambda: _gather_local_labels(document, context))


def _gather_local_labels(document: Document, context: Context) -> set[str]:
    labels = set(tree.BUILTIN_LABELS) | tree.document_labels(document)
    root = _root(document, context)
    if root is not None:
        labels |= tree.labels_under(root)
    return labels | _sections(document)


def _project(document: Document) -> str | None:
    return tree.sphinx_root(os.path.dirname(os.path.abspath(document.path)))


def _root(document: Document, context: Context) -> str | None:
    root = context.settings.get("root") or _project(document)
    return os.path.abspath(root) if root is not None else None


def _sections(document: Document) -> frozenset[str]:
    conf = sphinxconf.conf_for(document.path)
    if conf is not None and "sphinx.ext.autosectionlabel" in conf.extensions:
        return frozenset(tree.section_labels(document, bool(conf.get("autosectionlabel_prefix_document"))))
    return frozenset()


def _intersphinx(document: Document, reftype: str) -> bool:
    conf = sphinxconf.conf_for(document.path)
    return conf is not None and conf.intersphinx_resolves(reftype)


def unless_label(answers, finding: Finding, label: str, project: str | None, root: str | None,
                 sections: frozenset[str], intersphinx: bool) -> Iterator[Finding]:
    """
    REF001 stands unless the label is defined in the document's project: by
    the run's documents in it (Sphinx resolves labels per project; a document
    in no project sees every label of the run), a file under the tree's root,
    or autosectionlabel.  A project that uses intersphinx may resolve an
    unprefixed label from another project's inventory, which cannot be
    checked offline, so there only a label shaped like the project's own
    (its first two words those of a label it defines: ``core-howto-...``)
    is reported missing.
    """
    labels = set(answers.project_labels(project)) | sections
    if root is not None:
        labels |= tree.labels_under(root)
    if label in labels:
        return
    if intersphinx and _words(label) not in {_words(known) for known in labels}:
        return
    yield finding


def _words(label: str) -> tuple[str, ...]:
    return tuple(re.split(r"[-_ :.]", label)[:2])


def _base(document: Document, context: Context, target: str) -> str | None:
    """The folder a :doc: target is relative to; None for the run's common folder (known at the end)."""
    if target.startswith("/"):
        return tree.root_of(document, context)
    return os.path.dirname(os.path.abspath(document.path))


def unless_document_under_common_root(answers, finding: Finding, target: str) -> Iterator[Finding]:
    if not tree.document_exists(answers.common_root, target):
        yield finding


def _positional(document: Document, history_files=None) -> Iterator[Finding]:
    """
    Positional phrases, except quoted ones, those in passages marked as
    history, and any in a changelog (whose "the following entry" is its
    next line, not another answer).
    """
    if history_file(document.path, history_files):
        return
    source = document.source
    history = history_spans(document) + field_spans(document)
    for region in document.of_kind(RegionKind.PROSE):
        if not source.text.startswith(region.text, region.start):
            continue
        plain, origin = plain_region(document, region)
        if not _MAY_BE_POSITIONAL(plain):
            continue
        quoted = quoted_spans(document, region)
        for match in _POSITIONAL.finditer(plain):
            at = origin[match.start()]
            line, column = source.line_column(region.start + at)
            if any(s <= at < e for s, e in quoted) or any(span.covers(line) for span in history):
                continue
            yield Finding(document.path, line, column, "REF003", severity("REF003"),
                          f"positional reference {match.group(0)!r} breaks when answers move: "
                          f"put a label ('.. _name:') above the target and write :ref:`name`")
