"""
What a ``literalinclude`` directive shows: the file, or the part of it that
its ``:lines:`` or ``:pyobject:`` option selects.

Paths are resolved as Sphinx does: relative to the including document, or,
when they start with ``/``, relative to the source root (the nearest folder
above the document that holds a ``conf.py``; the document's folder if none).
A file that cannot be read is described as missing, never raised.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field

from faq_checks.lint.lexers.pythonish import parse_quietly
from faq_checks.lint.upward import nearest_folder_with

_EXTENSIONS = {".py": "python", ".pyw": "python", ".tac": "python", ".rpy": "python"}
_PYTHON = {"py", "py3", "python3", "python"}
_PARTIAL = ("start-after", "end-before", "start-at", "end-at", "diff")


@dataclass
class Inclusion:
    text: str
    attributes: dict[str, str] = field(default_factory=dict)


def source_root(document_path: str) -> str:
    """Where ``/absolute`` include paths start: the Sphinx root, else the document's folder."""
    folder = os.path.dirname(os.path.abspath(document_path))
    return nearest_folder_with(folder, "conf.py") or folder


def resolve(document_path: str, argument: str) -> str:
    if argument.startswith("/"):
        return os.path.join(source_root(document_path), argument.lstrip("/"))
    return os.path.join(os.path.dirname(document_path), argument)


def included(document_path: str, argument: str, options: dict[str, str]) -> Inclusion:
    """The included text, with ``include``, ``language`` and ``first_line`` attributes."""
    path = resolve(document_path, argument.strip())
    extension = os.path.splitext(path)[1].lower()
    language = options.get("language", "").strip().lower() or _EXTENSIONS.get(extension, extension.lstrip("."))
    language = "python" if language in _PYTHON else language
    attributes = {"include": path, "language": language, "declared": language, "first_line": "1"}
    try:
        with open(path, encoding=options.get("encoding", "utf-8").strip() or "utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError, LookupError) as error:
        attributes["missing"] = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return Inclusion("", attributes)
    if any(name in options for name in _PARTIAL):
        attributes["partial"] = "yes"
    if "pyobject" in options:
        text, first = _pyobject(text, options["pyobject"].strip())
        attributes["first_line"] = str(first)
    if "lines" in options:
        text = _lines(text, options["lines"])
        attributes["partial"] = "yes"
    return Inclusion(text, attributes)


def _pyobject(text: str, name: str) -> tuple[str, int]:
    """The source of one class or function (``Class.method`` too), and its first line."""
    tree = parse_quietly(text)
    nodes = tree.body if tree else []
    node = None
    for part in name.split("."):
        node = next((n for n in nodes if getattr(n, "name", None) == part), None)
        if node is None:
            return text, 1
        nodes = getattr(node, "body", [])
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    lines = text.splitlines(keepends=True)[first - 1:node.end_lineno]
    return textwrap.dedent("".join(lines)), first


def _lines(text: str, spec: str) -> str:
    """Sphinx's ``:lines: 1,3,5-10,20-`` selection."""
    lines = text.splitlines(keepends=True)
    chosen: list[str] = []
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                low, _, high = part.partition("-")
                chosen += lines[int(low or 1) - 1:int(high) if high else len(lines)]
            elif part:
                chosen.append(lines[int(part) - 1])
        except (ValueError, IndexError):
            continue
    return "".join(chosen)
