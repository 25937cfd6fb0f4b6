"""
Fold one ``faq-check run --format json`` document per release into the matrix.

Pure functions of plain values, so the tests feed them recorded or synthetic
runs and no env is built.  A run reports each answer's status, its example
counts and its failures with their ``.rst`` lines; the answer's own example
lines (parsed here, the file is the same for every release) turn that into a
status per example: an example is failed when a failure's line falls inside
it, not run when it is among the trailing ``not_run`` ones, else passed.
"""

from __future__ import annotations

import bisect
import platform

from faq_checks.matrix.releases import release_order

PASSED, FAILED, NOT_RUN, MISSING = "passed", "failed", "not_run", "missing"


def example_statuses(lines: list[int], result: dict | None) -> list[str]:
    """The status of each example (given by its first line) in one answer's run result."""
    if not result or result.get("status") in ("error", "not_run"):  # not_run: a stopped run
        return [NOT_RUN] * len(lines)
    statuses = [PASSED] * len(lines)
    not_run = min(result.get("examples", {}).get("not_run", 0), len(lines))
    for index in range(len(lines) - not_run, len(lines)):
        statuses[index] = NOT_RUN
    for failure in result.get("failures", []):
        index = bisect.bisect_right(lines, failure["line"]) - 1
        if index >= 0:
            statuses[index] = FAILED
    return statuses


def history(results: dict[str, str]) -> dict:
    """
    ``works_since``: the first release of the passing streak that reaches the
    newest release (None when the newest fails); ``broke_in``: each release
    that fails right after one that passed; ``fixed_in``: the reverse.
    Releases with no result (not built, not run) are left out.
    """
    ordered = [(label, status == PASSED) for label, status in results.items()
               if status not in (MISSING,)]
    ordered.sort(key=lambda item: release_order(item[0]))
    works_since = None
    for label, passed in reversed(ordered):
        if not passed:
            break
        works_since = label
    pairs = list(zip(ordered, ordered[1:]))
    return {"works_since": works_since,
            "broke_in": [after for (_, was), (after, now) in pairs if was and not now],
            "fixed_in": [after for (_, was), (after, now) in pairs if not was and now]}


def build(columns: list[dict], answers: dict[str, dict]) -> dict:
    """
    The matrix document.  ``columns``: one per release, as :func:`.collect.column`
    returns them (``state`` and, when it ran, ``run``); ``answers``: path ->
    ``{"title", "fields", "lines"}`` as parsed from the answer files.
    """
    columns = sorted(columns, key=lambda c: release_order(c["release"]))
    ran = {c["release"]: {a["path"]: a for a in c["run"]["answers"]}
           for c in columns if c["state"] == "ran"}
    rows = []
    for path in sorted(set(answers) | {p for run in ran.values() for p in run}):
        info = answers.get(path, {"title": "", "fields": {}, "lines": []})
        per_release = {label: run.get(path) for label, run in ran.items()}
        results = {label: (r["status"] if r else MISSING) for label, r in per_release.items()}
        examples = []
        for index, line in enumerate(info["lines"]):
            statuses = {label: example_statuses(info["lines"], r)[index] if r else MISSING
                        for label, r in per_release.items()}
            examples.append({"line": line, "results": statuses, **history(statuses)})
        rows.append({"path": path, "title": info["title"] or _title(per_release),
                     "fields": info["fields"], "results": results,
                     "failures": {label: r["failures"] for label, r in per_release.items() if r and r["failures"]},
                     **history(results), "examples": examples})
    return {"python": platform.python_version(),
            "releases": [_release_summary(c) for c in columns],
            "answers": rows}


def _title(per_release: dict) -> str:
    return next((r["title"] for r in per_release.values() if r and r.get("title")), "")


def _release_summary(column: dict) -> dict:
    summary = {key: column[key] for key in ("release", "requirement", "pins", "state", "cached",
                                            "build_seconds", "run_seconds", "error") if key in column}
    if column["state"] == "ran":
        summary["twisted"] = column["run"]["twisted"]
        summary["summary"] = column["run"]["summary"]
    return summary
