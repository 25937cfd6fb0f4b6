"""
``--since X`` for ``run`` and ``lint``: only what became stale after release X.

A release counts for an answer when its ``:changed-in:`` names it (the old
answer went stale then) or, given a matrix, when the answer broke or was
fixed in it.  A lint finding counts by the release it is about: the
``stale_since`` of its catalogue rule (STLnnn), or the deprecation or removal
release its message names (API002, API003).  Findings about no release (a
broken reference, a Python 2 sample) and rules stamped with a date rather
than a release are left out: they did not become stale after any release.
(``lint`` imports this module, so it imports nothing heavy at the top.)
"""

from __future__ import annotations

import argparse
import json
import os
import re

from packaging.version import InvalidVersion, Version


#: API002 / API003 messages name their release this way (lint/checks/apis.py).
_API_RELEASE = re.compile(r"(?:deprecated since|removed in) Twisted (\d+(?:\.\d+)+)")


def since_release(text: str) -> Version:
    """``X`` of ``--since X``, for argparse: a usage error (exit 2) unless a version."""
    try:
        return Version(text)
    except InvalidVersion:
        raise argparse.ArgumentTypeError(f"not a release: {text!r}") from None


def _turns(matrix_path: str | None) -> dict[str, list[str]]:
    if not matrix_path:
        return {}
    with open(matrix_path, encoding="utf-8") as source:
        document = json.load(source)
    return {os.path.normpath(row["path"]): row.get("broke_in", []) + row.get("fixed_in", [])
            for row in document.get("answers", [])}


def answer_releases(path: str, turns: dict[str, list[str]]) -> list[Version]:
    """The releases an answer changed in: its ``:changed-in:`` and its matrix turns."""
    from faq_checks.matrix.history import changed_in_versions  # lazily: lint imports this module
    from faq_checks.paths import read_text
    from faq_checks.run.samples import fields_of
    try:
        found = changed_in_versions(fields_of(read_text(path)))
    except (OSError, UnicodeDecodeError):
        return [Version("99999")]  # unreadable: keep it, so the run reports why
    for label in turns.get(os.path.normpath(path), []):
        try:
            found.append(Version(label))
        except InvalidVersion:
            continue
    return found


def answers_after(paths: list[str], since: Version, matrix_path: str | None = None) -> list[str]:
    turns = _turns(matrix_path)
    return [path for path in paths if any(v > since for v in answer_releases(path, turns))]


def finding_release(code: str, message: str, stale_since: dict[str, str]) -> Version | None:
    text = stale_since.get(code)
    if text is None:
        match = _API_RELEASE.search(message) if code in ("API002", "API003") else None
        text = match.group(1) if match else None
    try:
        return Version(text) if text else None
    except InvalidVersion:  # a date: not ordered against releases
        return None


def findings_after(findings: list, since: Version) -> list:
    """The lint findings about a release newer than ``since``."""
    from faq_checks.lint.catalogue import builtin_catalogue
    stale_since = {entry.code: entry.stale_since for entry in builtin_catalogue().entries}
    kept = []
    for finding in findings:
        version = finding_release(finding.code, finding.message, stale_since)
        if version is not None and version > since:
            kept.append(finding)
    return kept
