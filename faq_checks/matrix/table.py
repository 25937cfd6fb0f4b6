"""The matrix for people: one row per answer, one column per release, then the history."""

from __future__ import annotations

from typing import TextIO

MARK = {"passed": "ok", "failed": "F", "timeout": "T", "crashed": "C", "error": "E", "missing": "-"}


def write_table(document: dict, stream: TextIO) -> None:
    labels = [r["release"] for r in document["releases"] if r["state"] == "ran"]
    width = max([len(row["path"]) for row in document["answers"]] + [6])
    stream.write(f"{'answer':<{width}}  " + "  ".join(f"{label:>8}" for label in labels)
                 + "  works since  broke in\n")
    for row in document["answers"]:
        cells = "  ".join(f"{MARK.get(row['results'].get(label, 'missing'), '?'):>8}" for label in labels)
        stream.write(f"{row['path']:<{width}}  {cells}  {row['works_since'] or 'never':<11}  "
                     f"{', '.join(row['broke_in']) or '-'}\n")
    passed = "  ".join(f"{r['summary']['passed']:>5}/{r['summary']['answers']:<2}"
                       for r in document["releases"] if r["state"] == "ran")
    stream.write(f"{'passed':<{width}}  {passed}\n")
    for release in document["releases"]:
        if release["state"] != "ran":
            first = release.get("error", "").strip().splitlines()[-1:] or [""]
            stream.write(f"\n{release['release']}: {release['state']}: {first[0]}")
    for mismatch in document.get("mismatches", []):
        stream.write(f"\n{mismatch['path']}: {mismatch['kind']}: {mismatch['message']}")
    stream.write("\n")
