"""
From a path to a lexed :class:`~faq_checks.lint.model.Document`.

Reading is the only stage that can fail on bad input, and it fails with a
:class:`ReadError` that names the file; everything after it is total.
"""

from __future__ import annotations

from faq_checks.lint.lexers import lex
from faq_checks.lint.model import Document, InputError, SourceText
from faq_checks.paths import DEFAULT_MAX_FILE_SIZE, Unreadable, read_regular


class ReadError(InputError):
    """A file that cannot be read as UTF-8 text; the message names it."""


def read_text(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> str:
    """A regular file's text (FIFOs, devices, /proc and files over ``limit`` are refused)."""
    try:
        text = read_regular(path, limit).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(f"{path}: cannot read: not UTF-8 ({error.reason} at byte {error.start})") from None
    except Unreadable as error:
        raise ReadError(f"{path}: cannot read: {error}") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot read: {error.strerror or error}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(path: str, text: str) -> Document:
    """Lex text already in hand; never raises on any text."""
    source = SourceText(path, text)
    return Document(source, lex(source))


def read_document(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    return parse_text(path, read_text(path, limit))
