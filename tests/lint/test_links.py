"""
LNK001-LNK003 against a real local twisted.web server (a child process).

The linter runs in a subprocess too, so this test process never runs a
reactor: one reactor run per lint invocation, as in the CLI.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

SERVER = Path(__file__).parent / "support" / "linkserver.py"

LINT = textwrap.dedent("""
    import json, sys
    from faq_checks.lint.checks.links import check_links
    from faq_checks.lint.engine import lint
    settings = json.loads(sys.argv[2])
    result = lint([sys.argv[1]], settings=settings, checks=[check_links])
    print(json.dumps({"errors": result.errors,
                      "findings": [[f.code, f.line, f.message] for f in result.findings]}))
""")


@pytest.fixture
def server():
    child = subprocess.Popen([sys.executable, str(SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def stats(base: str) -> dict:
    with urllib.request.urlopen(base + "/stats", timeout=5) as response:
        return json.load(response)


def run_lint(tmp_path: Path, paths: list[str], base: str, **settings) -> dict:
    document = tmp_path / "links.rst"
    document.write_text("Links\n=====\n\n" + "".join(f"- `{p} <{base}{p}>`_\n" for p in paths))
    settings = {"links": True, "link_cache": "", "link_timeout": 1.0, **settings}
    done = subprocess.run([sys.executable, "-c", LINT, str(document), json.dumps(settings)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def codes(report: dict) -> list[tuple[str, int]]:
    return [(code, line) for code, line, _ in report["findings"]]


def test_each_kind_of_link_gets_its_code(server, tmp_path):
    paths = ["/ok", "/missing", "/hops/3", "/loop/a", "/hops/9", "/slow", "/no-head"]
    report = run_lint(tmp_path, paths, server, link_max_redirects=5)
    assert report["errors"] == []
    assert codes(report) == [("LNK001", 5), ("LNK002", 7), ("LNK002", 8), ("LNK003", 9)]


def test_a_refused_connection_is_lnk003(server, tmp_path):
    report = run_lint(tmp_path, ["/ok"], "http://127.0.0.1:9", link_timeout=2.0)
    assert codes(report) == [("LNK003", 4)]


def test_links_are_not_checked_unless_asked(server, tmp_path):
    report = run_lint(tmp_path, ["/missing"], server, links=False)
    assert codes(report) == [] and "/missing" not in stats(server)["requests"]


def test_requests_to_one_host_stay_within_the_per_host_limit(server, tmp_path):
    paths = [f"/held/{n}" for n in range(6)]
    report = run_lint(tmp_path, paths, server, link_per_host=2, link_concurrency=10)
    assert codes(report) == []
    assert stats(server)["max_concurrent"] == 2


def test_a_fresh_cache_entry_spares_the_request_and_an_expired_one_does_not(server, tmp_path):
    cache = tmp_path / "cache" / "links.json"
    first = run_lint(tmp_path, ["/missing"], server, link_cache=str(cache))
    second = run_lint(tmp_path, ["/missing"], server, link_cache=str(cache))
    assert codes(first) == codes(second) == [("LNK001", 4)]
    assert stats(server)["requests"]["/missing"] == 1
    document = json.loads(cache.read_text())
    document["entries"][server + "/missing"]["checked"] -= 3600
    cache.write_text(json.dumps(document))
    third = run_lint(tmp_path, ["/missing"], server, link_cache=str(cache), link_cache_expiry=60)
    assert codes(third) == [("LNK001", 4)]
    assert stats(server)["requests"]["/missing"] == 2
