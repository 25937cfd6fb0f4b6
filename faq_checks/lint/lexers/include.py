"""
What a ``literalinclude`` directive shows: the file, or the part of it that
its ``:lines:`` or ``:pyobject:`` option selects.

Paths are resolved as Sphinx does: relative to the including document, or,
when they start with ``/``, relative to the source root (the nearest folder
above the document that holds a ``conf.py``; the document's folder if none).
A file that cannot be read is described as missing, never raised.

A document is untrusted: ``.. literalinclude:: ../../../.env`` must not put
a secret into findings, and ``/dev/zero`` must not fill memory.  So the
included path must stay inside the project (:func:`project_of`: the
repository holding the Sphinx root -- the nearest folder above it with a
``.git``, ``pyproject.toml``, ``setup.py`` or ``setup.cfg`` -- else the
Sphinx root, else the document's folder), and it is read with
:func:`faq_checks.paths.read_regular` (a regular file, bounded in size).
Anything else is "missing", with the reason.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

from faq_checks.lint.lexers.pythonish import bound_names, parse_quietly
from faq_checks.lint.outside import outside
from faq_checks.lint.upward import nearest_folder_with
from faq_checks.paths import Unreadable, read_regular

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


_PROJECT_MARKS = (".git", "pyproject.toml", "setup.py", "setup.cfg")


@outside
@lru_cache(maxsize=1024)
def project_of(document_path: str) -> str:
    """
    The folder an include may reach into: the repository around the Sphinx
    root, else that root.  Kept per document for the process, as the
    folder lookups under it are (:func:`nearest_folder_with`): asked for
    each include and by the stale check, it cost a ``realpath`` each time;
    the recording above still sees every call.
    """
    root = source_root(document_path)
    found = [nearest_folder_with(root, mark) for mark in _PROJECT_MARKS]
    found = [folder for folder in found if folder]
    return os.path.realpath(max(found, key=len) if found else root)


def outside_project(document_path: str, real: str) -> str:
    """Why the file whose ``os.path.realpath`` is ``real`` may not be included from this document ('' if it may)."""
    project = project_of(document_path)
    if os.path.commonpath([project, real]) != project:
        return f"outside the project ({project}); not read"
    return ""


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
    text, missing = _contents(document_path, path, options.get("encoding", "utf-8").strip() or "utf-8")
    if missing:
        attributes["missing"] = missing
        return Inclusion("", attributes)
    if any(name in options for name in _PARTIAL):
        attributes["partial"] = "yes"
    if "pyobject" in options:
        text, first, names = _pyobject(text, options["pyobject"].strip())
        attributes["first_line"] = str(first)
        attributes["file_names"] = " ".join(sorted(names))
    if "lines" in options:
        text, chosen = _lines(text, options["lines"])
        attributes["partial"] = "yes"
        first = int(attributes["first_line"])
        numbers = [first + number - 1 for number in chosen]
        if numbers:
            attributes["first_line"] = str(numbers[0])
            if numbers != list(range(numbers[0], numbers[0] + len(numbers))):  # 1-3,10-12: each line's own number
                attributes["line_numbers"] = ",".join(map(str, numbers))
    return Inclusion(text, attributes)


def where_in_file(attributes: dict[str, str], line: int) -> str:
    """``echoserv.py line 17``: where the included text's 1-based ``line`` stands, as findings name it."""
    return f"{os.path.basename(attributes['include'])} line {file_line(attributes, line)}"


def file_line(attributes: dict[str, str], line: int) -> int:
    """The line of the included file that the included text's 1-based ``line`` is (``:lines:`` may skip)."""
    if "line_numbers" in attributes:
        numbers = attributes["line_numbers"].split(",")
        if 0 < line <= len(numbers):
            return int(numbers[line - 1])
    return int(attributes.get("first_line", "1")) + line - 1


@outside
def _contents(document_path: str, path: str, encoding: str) -> tuple[str, str]:
    """The file's text and '', or '' and why it is missing (asked of the disk: a cached result records it)."""
    real = os.path.realpath(path)  # once, for both the project's bounds and the pseudo-filesystem test
    refused = outside_project(document_path, real)
    if refused:
        return "", refused
    try:
        return read_regular(path, real=real).decode(encoding).replace("\r\n", "\n"), ""
    except (OSError, UnicodeDecodeError, LookupError) as error:
        plain = isinstance(error, OSError) and not isinstance(error, Unreadable) and error.strerror
        return "", error.strerror if plain else str(error)


def _pyobject(text: str, name: str) -> tuple[str, int, set[str]]:
    """
    The source of one class or function (``Class.method`` too), its first
    line, and the names the whole file binds: the object is checked where it
    stands, so the imports above it are not "undefined".
    """
    tree = parse_quietly(text)
    nodes = tree.body if tree else []
    names = bound_names([tree]) if tree else set()
    node = None
    for part in name.split("."):
        node = next((n for n in nodes if getattr(n, "name", None) == part), None)
        if node is None:
            return text, 1, set()
        nodes = getattr(node, "body", [])
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    lines = text.splitlines(keepends=True)[first - 1:node.end_lineno]
    return textwrap.dedent("".join(lines)), first, names


def _lines(text: str, spec: str) -> tuple[str, list[int]]:
    """Sphinx's ``:lines: 1,3,5-10,20-`` selection, and the 1-based number of each line chosen."""
    lines = text.splitlines(keepends=True)
    chosen: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                low, _, high = part.partition("-")
                start = int(low or 1)
                chosen += range(start, min(int(high) if high else len(lines), len(lines)) + 1) if start > 0 else []
            elif part and 0 < int(part) <= len(lines):
                chosen.append(int(part))
        except ValueError:
            continue
    return "".join(lines[number - 1] for number in chosen), chosen
