"""
What a cross-reference can point at: the tree's root, its labels, its files.

Labels come from every document in the lint run (``.. _label:`` targets and
directives' ``:name:`` options, gathered as each document is checked, see
:mod:`faq_checks.lint.questions`); when the tree's root (``root`` in
``[tool.faq-check]``, else a Sphinx source root: the nearest folder above a
document with a ``conf.py``) holds .rst files that were not linted, their
labels count too, so linting one file of a tree does not report every label
defined elsewhere.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from faq_checks.lint.model import Context, Document, RegionKind
from faq_checks.lint.outside import outside
from faq_checks.lint.upward import nearest_folder_with

#: Labels Sphinx defines itself.
BUILTIN_LABELS = frozenset({"genindex", "modindex", "py-modindex", "search"})
SOURCE_SUFFIXES = (".rst", ".txt", ".md")

#: A label, also as the first thing in a list item (``- .. _name:``).
_TARGET = re.compile(r"^[ \t]*(?:(?:[-*+\u2022]|\(?\d+[.)]|\(?#[.)])[ \t]+)?\.\.[ \t]+_(?P<name>`[^`]+`|[^:`][^:]*?):[ \t]*$", re.MULTILINE)
_NAME_OPTION = re.compile(r"^[ \t]+:name:[ \t]*(?P<name>\S.*?)[ \t]*$", re.MULTILINE)


def normalize(label: str) -> str:
    """Sphinx compares labels lower-cased with runs of whitespace as one space."""
    return " ".join(label.strip().strip("`").lower().split())


#: What every label line holds: scanned for first, so only those lines run :data:`_TARGET`.
_TARGET_HINT = re.compile(r"\.\.[ \t]+_")


def labels_in_text(text: str) -> set[str]:
    found = {normalize(m["name"]) for m in _targets(text)}
    if ":name:" in text:
        found |= {normalize(m["name"]) for m in _NAME_OPTION.finditer(text)}
    return found


def _targets(text: str):
    """
    ``_TARGET.finditer(text)``, trying the regex only at the start of lines
    that hold ``.. _`` (it cannot match elsewhere: all it needs before the
    ``_`` stays on the line), from the end of the last match on as finditer
    does: a tree of documents is read for its labels in a third of the time.
    """
    resume = tried = -1
    for hint in _TARGET_HINT.finditer(text):
        start = text.rfind("\n", 0, hint.start()) + 1
        if start < resume or start == tried:
            continue
        tried = start
        match = _TARGET.match(text, start)
        if match:
            resume = match.end()
            yield match


def document_labels(document: Document) -> frozenset[str]:
    """The labels one document defines (computed once per document)."""
    if "labels" not in document.derived:
        found = {normalize(r.attributes.get("name", r.text)) for r in document.of_kind(RegionKind.LABEL)}
        found |= {normalize(m["name"]) for m in _NAME_OPTION.finditer(document.source.text)}
        document.derived["labels"] = frozenset(found)
    return document.derived["labels"]


def section_labels(document: Document, prefix: bool) -> set[str]:
    """The labels ``sphinx.ext.autosectionlabel`` makes of a document's section titles."""
    titles = {normalize(r.text) for r in document.of_kind(RegionKind.PROSE) if r.attributes.get("block") == "title"}
    if not prefix:
        return titles
    name = os.path.splitext(os.path.basename(document.path))[0]
    return {f"{name}:{title}" for title in titles} | titles


def sphinx_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` with a ``conf.py``."""
    return nearest_folder_with(folder, "conf.py")


@outside
@lru_cache(maxsize=None)
def labels_under(root: str) -> frozenset[str]:
    """Labels of every .rst file under a Sphinx root, read once."""
    labels: set[str] = set()
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in names:
            if name.endswith(".rst"):
                try:
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                        labels |= labels_in_text(handle.read())
                except OSError:
                    continue
    return frozenset(labels)


def root_of(document: Document, context: Context) -> str | None:
    """
    Where ``:doc:`/x``` starts: settings["root"] or the Sphinx root; None
    when it is the run's common folder, which only the whole run knows
    (:func:`common_root`, answered after every document is read).
    """
    if context.settings.get("root"):
        return os.path.abspath(context.settings["root"])
    return sphinx_root(os.path.dirname(os.path.abspath(document.path)))


def common_root(paths: list[str]) -> str:
    """The deepest folder holding every document of the run."""
    folders = [os.path.dirname(os.path.abspath(path)) for path in paths] or [os.getcwd()]
    return os.path.commonpath(folders)


@outside
def document_exists(base: str, target: str) -> bool:
    """A :doc: target names a source file, with or without its suffix."""
    path = os.path.normpath(os.path.join(base, target))
    if os.path.isfile(path) and path.endswith(SOURCE_SUFFIXES):
        return True
    return any(os.path.isfile(path + suffix) for suffix in SOURCE_SUFFIXES)
