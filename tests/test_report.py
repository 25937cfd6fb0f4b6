"""The HTML report: its rows and links from recorded JSON, then the page in a real browser."""

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import browser
from faq_checks.cli import main
from faq_checks.matrix.aggregate import build
from faq_checks.matrix.history import mismatches
from faq_checks.report.rules import rule_links
from matrix_runs import answer, column, info

ROOT = Path(__file__).parent.parent
OLD, NEW = "answers/core/old.rst", "answers/core/new.rst"


def documents(tmp_path: Path) -> list[str]:
    """run, matrix and lint JSON for two answers: one failing on the installed Twisted."""
    broken = answer(NEW, "failed", [(21, "AssertionError: <b>not</b> escaped?")])
    run = {"twisted": "26.10.0", "python": "3.11.7", "answers": [answer(OLD), broken],
           "summary": {"answers": 2, "passed": 1, "failed": 1}}
    matrix = build([column("24.11.0", answer(OLD), answer(NEW)),
                    column("25.5.0", answer(OLD), answer(NEW, "failed", [(21, "AssertionError")])),
                    column("26.10.0", answer(OLD), broken), column("9.0.0", state="install-failed")],
                   {OLD: info("11.0.0 (tuples)"), NEW: info("No single release.")})
    matrix["mismatches"] = [m for row in matrix["answers"] for m in mismatches(row)]
    lint = {"files": 2, "findings": [{"path": OLD, "line": 7, "column": 1, "code": "API002",
                                      "severity": "warning", "message": "deprecated since 24.3.0"}]}
    paths = []
    for name, document in (("run", run), ("matrix", matrix), ("lint", lint)):
        (tmp_path / f"{name}.json").write_text(json.dumps(document))
        paths += [f"--{name}", str(tmp_path / f"{name}.json")]
    return paths


def make_report(tmp_path: Path) -> Path:
    output = tmp_path / "report.html"
    assert main(["report", *documents(tmp_path), "--rules-dir", str(ROOT / "docs/rules"),
                 "-o", str(output)]) == 0
    return output


class Page(HTMLParser):
    """The answers' tbody elements, their matrix cells and what the page says it shows."""

    def __init__(self, text: str):
        super().__init__()
        self.answers, self.cells, self.ready, self.shown, self._in_shown = {}, {}, None, "", False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.ready = attrs.get("data-ready")
        elif tag == "tbody" and "data-path" in attrs:
            self._path = attrs["data-path"]
            self.answers[self._path] = "hidden" in attrs
        elif tag == "td" and "data-release" in attrs:
            self.cells[(self._path, attrs["data-release"])] = attrs["class"]
        self._in_shown = attrs.get("id") == "shown"

    def handle_endtag(self, tag):
        self._in_shown = False

    def handle_data(self, data):
        if self._in_shown:
            self.shown += data


def test_rule_links_come_from_the_rule_index():
    links = rule_links(ROOT / "docs/rules")
    assert links["API002"].endswith("docs/rules/apis.rst") and links["PY102"].endswith("samples.rst")
    built = rule_links(ROOT / "docs/rules", "../site/rules")
    assert built["API002"] == "../site/rules/apis.html#rule-api002"


def test_the_page_is_self_contained_and_escapes(tmp_path):
    html = make_report(tmp_path).read_text()
    assert "<b>not</b>" not in html and "&lt;b&gt;not&lt;/b&gt;" in html
    for external in ("http://", "https://", "<link", "src="):
        assert external not in html, external
    assert "apis.rst" in html  # the finding links its rule doc
    assert "<b>1</b>releases did not install (9.0.0 to 9.0.0)" in html


def test_a_bad_input_file_is_exit_2_naming_it(tmp_path, capsys):
    (tmp_path / "run.json").write_text("{not json")
    assert main(["report", "--run", str(tmp_path / "run.json"), "--lint", str(tmp_path / "run.json"),
                 "-o", str(tmp_path / "r.html")]) == 2
    assert "run.json:1: not JSON" in capsys.readouterr().err


def test_in_chromium_cells_filters_and_no_console_errors(tmp_path):
    url = make_report(tmp_path).as_uri()
    dom, console = browser.dump_dom(url, tmp_path / "profile")
    page = Page(dom)
    assert console == []
    assert page.ready == "1"  # the script ran to its end
    assert page.cells[(NEW, "24.11.0")] == "cell s-passed"
    assert page.cells[(NEW, "25.5.0")] == "cell s-failed"
    assert page.cells[(OLD, "26.10.0")] == "cell s-passed"
    assert page.answers == {OLD: False, NEW: False} and page.shown == "2 of 2 shown"
    # The filters, set through the controls by the link: failing only.
    page = Page(browser.dump_dom(url + "#failing", tmp_path / "profile")[0])
    assert page.answers == {OLD: True, NEW: False} and page.shown == "1 of 2 shown"
    # Changed since 24.11.0: NEW broke in 25.5.0; OLD's only change is 11.0.0.
    page = Page(browser.dump_dom(url + "#since=24.11.0", tmp_path / "profile")[0])
    assert page.answers == {OLD: True, NEW: False}
    shot = Path(os.environ.get("FAQ_REPORT_SCREENSHOT", tmp_path / "report.png"))
    assert browser.screenshot(url, tmp_path / "profile", shot) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_console_check_can_fail(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><script>notAFunction();</script></body></html>")
    _, console = browser.dump_dom(broken.as_uri(), tmp_path / "profile")
    assert any("notAFunction" in line for line in console)
