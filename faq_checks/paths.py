"""
Which .rst files a directory holds, and reading one safely, for both
``faq-check run`` and ``faq-check lint``.

A tree being checked is untrusted: an ``x.rst`` may be a FIFO (reading it
blocks forever), a device (``/dev/zero`` never ends), a symlink into
``/proc`` or out of the tree, or simply enormous.  So walks do not follow
symlinks out of the folder walked, and :func:`read_regular` reads only
regular files outside ``/proc`` and ``/sys``, never more than a
limit, and says which rule it refused under.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Sequence

EXTENSIONS = (".rst",)


def rst_files(top: str, exclude: Sequence[str] = (), skip: Callable[[str], bool] | None = None) -> list[str]:
    """
    The .rst files under ``top``, sorted, skipping hidden folders (a ``.venv``
    or ``.tox`` holds other projects' documents), what ``exclude`` names and
    what ``skip`` (given each folder and file path) refuses.
    """
    def wanted(path: str) -> bool:
        return not excluded(path, exclude) and not (skip and skip(path))

    found = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and wanted(os.path.join(folder, d)))
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.endswith(EXTENSIONS) and wanted(path) and _stays_in(path, top):
                found.append(path)
    return found


#: What run, mutate, matrix and report check when given no path.
DEFAULT_ANSWERS = "answers"


def add_answer_paths(parser, help: str = "answer files or directories of them") -> None:
    """The PATH arguments every answer command takes, with the same default."""
    parser.add_argument("paths", nargs="*", default=[DEFAULT_ANSWERS], metavar="PATH",
                        help=f"{help} (default: {DEFAULT_ANSWERS})")


def find_answers(paths: Sequence[str]) -> list[str]:
    """Files as given; directories expanded to their .rst files (hidden folders skipped)."""
    found: list[str] = []
    for path in paths:
        found += rst_files(path) if os.path.isdir(path) else [path]
    return found


def _stays_in(path: str, top: str) -> bool:
    """A walked file that is a symlink must point inside the folder walked."""
    if not os.path.islink(path):
        return True
    top = os.path.realpath(top)
    return os.path.commonpath([top, os.path.realpath(path)]) == top


#: Pseudo-filesystems whose "files" are the machine's state, not documents.
PSEUDO_FILESYSTEMS = ("/proc", "/sys")  # devices are refused by their file type
DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024


class Unreadable(OSError):
    """A file refused before reading; ``str()`` is the reason, without the path."""


def read_regular(path: str, limit: int = DEFAULT_MAX_FILE_SIZE, *, real: str | None = None) -> bytes:
    """
    The bytes of a regular file of at most ``limit`` bytes.  Raises
    :class:`Unreadable` for a FIFO, socket, device, folder, a file under
    /proc or /sys, or one larger than ``limit``; ``OSError`` if it
    cannot be opened.  A FIFO is opened without blocking, so refusing it
    never waits for a writer.  ``real`` is the path's ``os.path.realpath``
    when the caller has it already (a ``realpath`` is a ``lstat`` per folder).
    """
    real = os.path.realpath(path) if real is None else real
    if any(real == top or real.startswith(top + os.sep) for top in PSEUDO_FILESYSTEMS):
        raise Unreadable(f"{real} is not a document (a pseudo-file of the system)")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise Unreadable(f"not a regular file (a {_kind(mode)})")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(f"larger than max-file-size ({limit:,} bytes); skipped")
    return data


def read_text(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> str:
    """:func:`read_regular` decoded as UTF-8 (``UnicodeDecodeError`` if it is not)."""
    return read_regular(path, limit).decode("utf-8")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def excluded(path: str, patterns: Sequence[str]) -> bool:
    """Absolute globs match the absolute path; bare ones the file or folder name."""
    full, name = os.path.abspath(path), os.path.basename(os.path.normpath(path))
    return any(fnmatch.fnmatch(full if os.path.isabs(p) else name, p) for p in patterns)
