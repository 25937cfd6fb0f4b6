"""The report as one HTML page: every style and script inline, every value escaped."""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path

from faq_checks.matrix.releases import release_order

MARKS = {"passed": "ok", "failed": "F", "timeout": "T", "crashed": "C", "error": "E", "missing": "–"}


def _asset(name: str) -> str:
    return resources.files("faq_checks.report").joinpath("assets", name).read_text(encoding="utf-8")


def _uri(path: str) -> str:
    """An absolute file:// link, so the page may be written anywhere."""
    return Path(path).resolve().as_uri()


def _box(value, label: str) -> str:
    return f'<div class="box"><b>{escape(str(value))}</b>{escape(label)}</div>'


def _summary(summary: dict) -> str:
    boxes = [_box(f"{summary['passed']}/{summary['answers']}",
                  f"pass on Twisted {summary['twisted'] or '(not run)'}"),
             _box(summary["findings"], "lint findings"),
             _box(summary["mismatches"], "history mismatches")]
    unbuilt = [r["release"] for r in summary["releases"] if not r.get("summary")]
    for release in summary["releases"]:
        if release.get("summary"):
            counts = release["summary"]
            boxes.append(_box(f"{counts['passed']}/{counts['answers']}", f"on {release['release']}"))
    if unbuilt:  # one box, not one per decade-old release (`--twisted all`)
        boxes.append(f'<div class="box" title="{escape(", ".join(unbuilt))}"><b>{len(unbuilt)}</b>'
                     f'releases did not install ({escape(unbuilt[0])} to {escape(unbuilt[-1])})</div>')
    return f'<section id="summary">{"".join(boxes)}</section>'


def _cell(row: dict, release: str) -> str:
    status = row["results"].get(release, "missing")
    failures = row["matrix_failures"].get(release, [])
    title = f"{release}: {status}" + "".join(
        f"\nline {f['line']}: {f['message'].strip().splitlines()[-1] if f['message'].strip() else ''}"
        for f in failures)
    return (f'<td class="cell s-{escape(status.replace("_", "-"))}" data-release="{escape(release)}" '
            f'title="{escape(title)}">{MARKS.get(status, escape(status))}</td>')


def _detail(row: dict, links: dict[str, str], width: int) -> str:
    items = []
    for finding in row["findings"]:
        code = escape(finding["code"])
        code = f'<a href="{escape(links[finding["code"]])}">{code}</a>' if finding["code"] in links else code
        items.append(f'<li>{code} line {finding["line"]}: {escape(finding["message"])}</li>')
    for failure in row["failures"]:
        items.append(f'<li>{escape(row["path"])}:{failure["line"]}: failed'
                     f'<pre>{escape(failure["message"].rstrip())}</pre></li>')
    for mismatch in row["mismatches"]:
        items.append(f'<li>history ({escape(mismatch["kind"])}): {escape(mismatch["message"])}</li>')
    if not items:
        return ""
    return f'<tr class="detail"><td colspan="{width}"><ul>{"".join(items)}</ul></td></tr>'


def _failing(row: dict, releases: list[str]) -> bool:
    if row["status"] not in ("not run", "not an answer"):
        return row["status"] != "passed"
    newest = row["results"].get(releases[-1]) if releases else None
    return bool(row["findings"]) if newest is None else newest != "passed"


def _answer(row: dict, releases: list[str], links: dict[str, str]) -> str:
    old = escape(row["old_status"] or "–")
    if row["stale_since"]:
        old += f' <span class="muted">since {escape(", ".join(row["stale_since"]))}</span>'
    counts = row["examples"]
    examples = f' <span class="muted">{counts["passed"]}/{counts["total"]}</span>' if counts else ""
    cells = "".join(_cell(row, release) for release in releases)
    main = (f'<tr><td><a href="{escape(_uri(row["path"]))}">{escape(row["path"])}</a>'
            f'<div class="muted">{escape(row["title"])}</div></td>'
            f'<td class="status {escape(row["status"])}">{escape(row["status"])}{examples}</td>'
            f'<td>{old}</td>{cells}<td>{escape(row["works_since"] or "–")}</td>'
            f'<td>{escape(", ".join(row["broke_in"]) or "–")}</td></tr>')
    return (f'<tbody class="answer" data-path="{escape(row["path"])}" '
            f'data-failing="{int(_failing(row, releases))}" data-changes="{escape(" ".join(row["changes"]))}">'
            f'{main}{_detail(row, links, 5 + len(releases))}</tbody>')


def render(table: list[dict], summary: dict, links: dict[str, str]) -> str:
    releases = sorted((r["release"] for r in summary["releases"] if r["state"] == "ran"), key=release_order)
    choices = sorted({c for row in table for c in row["changes"]} | set(releases), key=release_order)
    options = "".join(f'<option value="{escape(c)}">{escape(c)}</option>' for c in choices)
    heads = "".join(f'<th class="release">{escape(r)}</th>' for r in releases)
    body = "".join(_answer(row, releases, links) for row in table)
    twisted = escape(summary["twisted"] or "?")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>faq-check report</title><style>{_asset("report.css")}</style></head>
<body><h1>faq-check report</h1>
<p class="muted">Twisted {twisted}, Python {escape(summary["python"] or "?")}.
Cells: the answer on each release of the matrix (hover for the failures).</p>
{_summary(summary)}
<form id="filters" onsubmit="return false">
<label><input type="checkbox" id="failing"> failing only</label>
<label>changed since <select id="since"><option value="">any release</option>{options}</select></label>
<span id="shown" class="muted"></span></form>
<table id="answers"><thead><tr><th>answer</th><th>on Twisted {twisted}</th><th>old FAQ</th>{heads}
<th>works since</th><th>broke in</th></tr></thead>{body}</table>
<script>{_asset("report.js")}</script></body></html>
"""
