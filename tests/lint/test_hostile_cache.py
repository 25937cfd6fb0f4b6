"""
Hostile cache paths and cache files: the link cache never writes outside the
project, never replaces a file that is not its own, survives concurrent
runs, and drops a bad entry instead of failing.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from faq_checks import cachefile
from faq_checks.lint.cli import main
from faq_checks.lint.linkcache import LinkCache, Outcome, default_path, lasting

DOC = "Title\n=====\n\nSee `the page <http://127.0.0.1:9/gone>`_.\n"


def lint_in(folder: Path, monkeypatch, *argv: str) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def project(folder: Path, table: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.faq-check]\n{table}")
    (folder / "doc.rst").write_text(DOC)
    return folder


@pytest.mark.parametrize("table, key", [
    ('link-cache = "../../victim.txt"\n', "link-cache"),
    ('link-cache = "/tmp/elsewhere.json"\n', "link-cache"),
    ('root = "/"\n', "root"),
    ('docs-tree = "../.."\n', "docs-tree"),
])
def test_a_config_path_leading_outside_the_project_is_an_error_naming_its_line(tmp_path, monkeypatch, table, key):
    folder = project(tmp_path / "repo" / "inner", table)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    status, out, err = lint_in(folder, monkeypatch, "--links", "doc.rst")
    assert status == 2 and out == ""
    assert f"{folder / 'pyproject.toml'}:5:" in err and key in err and "outside the project" in err
    assert victim.read_text() == "precious\n"


def test_a_symlink_out_of_the_project_is_outside_too(tmp_path, monkeypatch):
    folder = project(tmp_path / "repo", 'link-cache = "cache/links.json"\n')
    (tmp_path / "elsewhere").mkdir()
    (folder / "cache").symlink_to(tmp_path / "elsewhere")
    status, _, err = lint_in(folder, monkeypatch, "doc.rst")
    assert status == 2 and "outside the project" in err


def test_a_path_inside_the_project_is_resolved_against_the_config_folder(tmp_path, monkeypatch):
    from faq_checks.lint import config
    folder = project(tmp_path / "repo", 'link-cache = ".cache/links.json"\nroot = "docs/../docs"\n')
    (folder / "docs").mkdir(exist_ok=True)  # a root that does not exist is an error of its own
    monkeypatch.chdir(tmp_path)
    settings = config.load(str(folder / "pyproject.toml")).settings
    assert settings["link_cache"] == os.path.realpath(folder / ".cache" / "links.json")
    assert settings["root"] == os.path.realpath(folder / "docs")


def test_the_command_line_may_name_any_cache(tmp_path, monkeypatch):
    folder = project(tmp_path / "repo", "")
    outside = tmp_path / "mine" / "links.json"
    status, out, err = lint_in(folder, monkeypatch, "--links", "--link-cache", str(outside), "doc.rst")
    assert "outside the project" not in err
    assert status == 1 and "LNK003" in out


def test_a_file_that_is_not_a_cache_is_never_replaced(tmp_path, monkeypatch):
    folder = project(tmp_path / "repo", 'link-cache = ".env"\n')
    (folder / ".env").write_text("TOKEN=s3cret\n")
    with open(folder / "doc.rst", "a") as handle:
        handle.write("\nAnd `a good one <http://127.0.0.1:9/x>`_.\n")
    status, out, err = lint_in(folder, monkeypatch, "--links", "doc.rst")
    assert (folder / ".env").read_text() == "TOKEN=s3cret\n"
    assert status == 2 and "not a faq-check links cache" in err
    assert out.count("LNK003") == 2  # the findings are still reported


def test_a_directory_as_the_cache_is_an_error_not_a_crash(tmp_path, monkeypatch):
    folder = project(tmp_path / "repo", 'link-cache = "cachedir"\n')
    (folder / "cachedir").mkdir()
    status, out, err = lint_in(folder, monkeypatch, "--links", "doc.rst")
    assert status == 2 and "not a regular file" in err and "internal error" not in err
    assert "LNK003" in out


def test_the_default_cache_lives_in_the_user_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_path() == str(tmp_path / "xdg" / "faq-checks" / "links.json")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == str(tmp_path / "home" / ".cache" / "faq-checks" / "links.json")


def test_only_definite_answers_are_cached(tmp_path):
    cache = LinkCache(str(tmp_path / "links.json"))
    outcomes = {
        "http://a/ok": Outcome("ok", "HTTP 200", 200),
        "http://a/gone": Outcome("broken", "HTTP 404", 404),
        "http://a/loop": Outcome("redirects", "redirect loop", 302),
        "http://a/busy": Outcome("broken", "HTTP 503", 503),
        "http://a/later": Outcome("broken", "HTTP 429", 429),
        "http://a/slow": Outcome("unreachable", "timed out"),
        "http://a/refused": Outcome("unreachable", "ConnectionRefusedError: refused"),
        "http://a/tls": Outcome("unchecked", "not checked: https needs Twisted's TLS support"),
    }
    for url, outcome in outcomes.items():
        cache.put(url, outcome)
    cache.save()
    kept = LinkCache.load(cache.path)
    assert sorted(kept.entries) == ["http://a/gone", "http://a/loop", "http://a/ok"]
    assert [url for url, outcome in outcomes.items() if lasting(outcome)] == sorted(kept.entries, key=list(outcomes).index)


def test_bad_entries_are_dropped_on_load_and_good_ones_kept(tmp_path):
    path = tmp_path / "links.json"
    good = {"kind": "broken", "detail": "HTTP 404", "status": 404, "checked": 1000.0}
    entries = {"http://good/": good, "http://string/": {**good, "checked": "yesterday"},
               "http://null/": {**good, "checked": None}, "http://bool/": {**good, "checked": True},
               "http://kind/": {**good, "kind": "fine"}, "http://list/": [1, 2], "http://status/": {**good, "status": "x"}}
    text = json.dumps({cachefile.MARKER: "links", "version": 1, "entries": entries})
    text = text.replace('"http://list/"', '"http://nan/": {"kind": "ok", "checked": NaN}, "http://list/"')
    path.write_text(text)
    cache = LinkCache.load(str(path), clock=lambda: 1010.0)
    assert list(cache.entries) == ["http://good/"]
    assert cache.get("http://good/") == Outcome("broken", "HTTP 404", 404)
    assert all(cache.get(url) is None for url in ("http://nan/", "http://string/", "http://null/"))


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"http://x/": {"kind": "ok", "checked": 1}}',
                                     '{"faq-check-cache": "resolver", "version": 1, "entries": {}}'])
def test_a_foreign_or_corrupt_cache_reads_as_empty(tmp_path, content):
    path = tmp_path / "links.json"
    path.write_text(content)
    assert LinkCache.load(str(path)).entries == {}
    with pytest.raises(cachefile.CacheRefused):
        cachefile.update(str(path), "links", lambda entries: entries)
    assert path.read_text() == content


WRITER = """
import sys
from faq_checks.lint.linkcache import LinkCache, Outcome
path, name = sys.argv[1], sys.argv[2]
for n in range(50):
    cache = LinkCache.load(path)
    cache.put(f"http://{name}/{n}", Outcome("ok", "HTTP 200", 200))
    cache.save()
"""


def test_concurrent_runs_keep_every_entry_and_a_whole_file(tmp_path):
    path = tmp_path / "links.json"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{n}"]) for n in range(4)]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0, 0]
    document = json.loads(path.read_text())
    assert document[cachefile.MARKER] == "links"
    assert len(document["entries"]) == 200
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
