"""
One row per answer, joining what ``run``, ``matrix`` and ``lint`` said of it.

Plain dictionaries in, plain dictionaries out, so the page and its tests
share one view of the data; any of the three documents may be missing.
"""

from __future__ import annotations

import os

from faq_checks.matrix.history import changed_in_versions
from faq_checks.matrix.releases import release_order
from faq_checks.run.samples import fields_of


def _key(path: str) -> str:
    return os.path.normpath(path)


def _fields(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as source:
            return fields_of(source.read())
    except (OSError, UnicodeDecodeError):
        return {}


def rows(run: dict | None, matrix: dict | None, lint: dict | None) -> list[dict]:
    runs = {_key(a["path"]): a for a in (run or {}).get("answers", [])}
    cells = {_key(a["path"]): a for a in (matrix or {}).get("answers", [])}
    mismatches: dict[str, list] = {}
    for item in (matrix or {}).get("mismatches", []):
        mismatches.setdefault(_key(item["path"]), []).append(item)
    findings: dict[str, list] = {}
    for item in (lint or {}).get("findings", []):
        findings.setdefault(_key(item["path"]), []).append(item)
    answer_paths = set(runs) | set(cells)
    result = []
    for path in sorted(answer_paths):
        here, row = runs.get(path, {}), cells.get(path, {})
        fields = row.get("fields") or _fields(path)
        turns = row.get("broke_in", []) + row.get("fixed_in", [])
        result.append({
            "path": path,
            "title": here.get("title") or row.get("title", ""),
            "status": here.get("status", "not run"),
            "examples": here.get("examples", {}),
            "failures": here.get("failures", []),
            "old_status": fields.get("status", ""),
            "stale_since": [str(v) for v in changed_in_versions(fields)],
            "results": row.get("results", {}),
            "matrix_failures": row.get("failures", {}),
            "works_since": row.get("works_since"),
            "broke_in": row.get("broke_in", []),
            "fixed_in": row.get("fixed_in", []),
            "changes": sorted({*turns, *(str(v) for v in changed_in_versions(fields))}, key=release_order),
            "mismatches": mismatches.get(path, []),
            "findings": findings.pop(path, []),
        })
    # Lint findings in files that are not answers (rule docs, say) get rows too.
    for path, found in sorted(findings.items()):
        result.append({"path": path, "title": "", "status": "not an answer", "examples": {},
                       "failures": [], "old_status": "", "stale_since": [], "results": {},
                       "matrix_failures": {}, "works_since": None, "broke_in": [], "fixed_in": [],
                       "changes": [], "mismatches": [], "findings": found})
    return result


def summary(run: dict | None, matrix: dict | None, lint: dict | None, table: list[dict]) -> dict:
    answers = [r for r in table if r["status"] != "not an answer"]
    return {
        "twisted": (run or {}).get("twisted", ""),
        "python": (run or {}).get("python", ""),
        "answers": len(answers),
        "passed": sum(r["status"] == "passed" for r in answers),
        "findings": len((lint or {}).get("findings", [])),
        "releases": [r for r in (matrix or {}).get("releases", [])],
        "mismatches": len((matrix or {}).get("mismatches", [])),
    }
