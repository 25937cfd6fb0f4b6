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

import os
import re
from collections.abc import Iterator

from faq_checks.lint import sphinxconf, tree
from faq_checks.lint.codes import severity
from faq_checks.lint.history import field_spans, history_spans, quotations
from faq_checks.lint.model import Context, Document, Finding, RegionKind
from faq_checks.lint.plain import plain_text

REF_ROLES = ("ref", "std:ref")
DOC_ROLES = ("doc", "std:doc")
_INTERSPHINX = re.compile(r"^[A-Za-z][\w.-]*:(?!/)")
_POSITIONAL = re.compile(
    r"(?<!\bno\s)\b(?:the\s+)?(?:previous|preceding|next|following)\s+(?:question|answer|FAQ(?:\s+entry)?|entry)\b"
    r"|\b(?:question|answer|FAQ\s+entry)\s+(?:above|below)\b",
    re.IGNORECASE,
)


def check_refs(document: Document, context: Context) -> Iterator[Finding]:
    yield from _roles(document, context)
    yield from _positional(document)


def _roles(document: Document, context: Context) -> Iterator[Finding]:
    for role in document.of_kind(RegionKind.ROLE):
        name = role.attributes.get("name", "")
        target = role.text.strip()
        if not target or _INTERSPHINX.match(target):
            continue
        problem = ""
        if name in REF_ROLES and not _label_known(document, context, target):
            problem = "REF001", (f":ref: target {target!r} is not a label in the tree: define it with "
                                 f"'.. _{tree.normalize(target)}:' above the section, or fix the spelling")
        elif name in DOC_ROLES and not _document_known(document, context, target):
            problem = "REF002", (f":doc: target {target!r} is not a document: name an existing .rst file "
                                 f"(relative to this one, or /absolute from the tree's root), without the suffix")
        if problem:
            code, message = problem
            yield Finding(document.path, role.line, role.column, code, severity(code), message)


def _label_known(document: Document, context: Context, target: str) -> bool:
    """
    Whether the label is defined in this document's project, or may be: a
    project that uses intersphinx may resolve an unprefixed label from
    another project's inventory, which cannot be checked offline, so there
    only a label shaped like the project's own (its first two words those of
    a label it defines: ``core-howto-...``) is reported missing.
    """
    label = tree.normalize(target)
    project = tree.sphinx_root(os.path.dirname(os.path.abspath(document.path)))
    labels = set(tree.project_labels(context, project))
    root = context.settings.get("root") or project
    if root is not None:
        labels |= tree.labels_under(os.path.abspath(root))
    conf = sphinxconf.conf_for(document.path)
    if conf is not None and "sphinx.ext.autosectionlabel" in conf.extensions:
        labels |= tree.section_labels(document, bool(conf.get("autosectionlabel_prefix_document")))
    if label in labels:
        return True
    if conf is not None and conf.intersphinx_resolves("std:ref"):
        return _words(label) not in {_words(known) for known in labels}
    return False


def _words(label: str) -> tuple[str, ...]:
    return tuple(re.split(r"[-_ :.]", label)[:2])


def _document_known(document: Document, context: Context, target: str) -> bool:
    conf = sphinxconf.conf_for(document.path)
    if conf is not None and conf.intersphinx_resolves("std:doc"):
        return True  # another project's page, maybe (intersphinx_disabled_reftypes allows it)
    if target.startswith("/"):
        return tree.document_exists(tree.root_of(document, context), target.lstrip("/"))
    return tree.document_exists(os.path.dirname(os.path.abspath(document.path)), target)


def _positional(document: Document) -> Iterator[Finding]:
    """Positional phrases, except quoted ones and those in passages marked as history."""
    source = document.source
    history = history_spans(document) + field_spans(document)
    for region in document.of_kind(RegionKind.PROSE):
        if not source.text.startswith(region.text, region.start):
            continue
        plain, origin = plain_text(region.text)
        quoted = quotations(region.text)
        for match in _POSITIONAL.finditer(plain):
            at = origin[match.start()]
            line, column = source.line_column(region.start + at)
            if any(s <= at < e for s, e in quoted) or any(span.covers(line) for span in history):
                continue
            yield Finding(document.path, line, column, "REF003", severity("REF003"),
                          f"positional reference {match.group(0)!r} breaks when answers move: "
                          f"put a label ('.. _name:') above the target and write :ref:`name`")
