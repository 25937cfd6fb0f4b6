"""
``--baseline FILE`` and ``--write-baseline FILE``: adopt the linter on a big
legacy tree without fixing it first.

``--write-baseline`` records every current finding; ``--baseline`` then
reports only findings that are not in the record, so CI fails on new stale
advice while the old is cleaned up at leisure.  A finding is recorded by a
fingerprint that leaves the line number out: the file (relative to the
baseline's folder), the code and the stripped text of its line.  Lines
added or removed above it, or the whole passage moving, keep it known; an
edit of the line itself makes it new, which is the point.  Two identical
findings on identical lines count as two: fixing one of three leaves two
known and a fourth is new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable

from faq_checks.lint.model import Finding, InputError

VERSION = 1


class BaselineError(InputError):
    """A baseline file that cannot be read or is not one; the message names it."""


def fingerprint(finding: Finding, line_text: str, root: str) -> str:
    path = os.path.relpath(os.path.abspath(finding.path), root).replace(os.sep, "/")
    key = "\0".join((path, finding.code, " ".join(line_text.split())))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def line_reader(texts: dict[str, str]) -> Callable[[Finding], str]:
    """The text of a finding's line, from standard input's text or the file (each read once)."""
    cache: dict[str, list[str]] = {}

    def read(finding: Finding) -> str:
        if finding.path not in cache:
            try:
                text = texts[finding.path] if finding.path in texts else open(finding.path, encoding="utf-8-sig").read()
            except (OSError, UnicodeDecodeError):
                text = ""
            cache[finding.path] = text.split("\n")
        lines = cache[finding.path]
        return lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    return read


def fingerprints(findings: list[Finding], baseline_path: str, texts: dict[str, str]) -> list[str]:
    root = os.path.dirname(os.path.abspath(baseline_path))
    read = line_reader(texts)
    return [fingerprint(f, read(f), root) for f in findings]


def write(path: str, findings: list[Finding], texts: dict[str, str]) -> None:
    entries = [{"fingerprint": print_, "path": os.path.relpath(os.path.abspath(f.path), os.path.dirname(os.path.abspath(path))),
                "code": f.code, "message": f.message}
               for f, print_ in zip(findings, fingerprints(findings, path, texts))]
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"version": VERSION, "findings": entries}, handle, indent=1)
            handle.write("\n")
    except OSError as error:
        raise BaselineError(f"{path}: cannot write the baseline: {error.strerror or error}") from None


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}:{getattr(error, 'lineno', 1)}: not a baseline (invalid JSON: {error})") from None
    if not isinstance(document, dict) or document.get("version") != VERSION or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{path}:1: not a faq-check baseline (version {VERSION}); write one with --write-baseline")
    try:
        return Counter(str(entry["fingerprint"]) for entry in document["findings"])
    except (TypeError, KeyError):
        raise BaselineError(f"{path}:1: a baseline entry has no fingerprint; write it again with --write-baseline") from None


def new_findings(findings: list[Finding], path: str, texts: dict[str, str], known: Counter) -> list[Finding]:
    """The findings the baseline (``known``, from :func:`load`) does not account for; each recorded one accounts for one."""
    known = Counter(known)
    fresh = []
    for finding, print_ in zip(findings, fingerprints(findings, path, texts)):
        if known[print_] > 0:
            known[print_] -= 1
        else:
            fresh.append(finding)
    return fresh
