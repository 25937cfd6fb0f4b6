"""
Caching and parallelism change how fast lint is, never what it finds.

The same tree (this repository's answers, docs and lint fixtures, plus a
generated tree big enough to be spread over workers, with labels defined in
one file and cited from another) is linted five ways, each in a fresh
interpreter: one process with an empty name cache and no result cache
(``--no-cache``), one process with the name cache that run left filling the
result cache, one process and then two worker processes reading every
document's result from it, and two workers with no result cache.  The JSON
must be identical, and must hold findings of the deferred kinds (a label defined
elsewhere, a name that does not resolve), so the comparison means something.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CITING = """Page {n}
=======

See :ref:`defined-in-{other}` and :ref:`defined-nowhere-{n}`, and
``twisted.internet.defer.Deferred`` beside ``twisted.internet.nosuchthing{n}``.

.. _defined-in-{n}:

Section
-------

.. code-block:: python

    from twisted.internet import defer
    defer.succeeed(1)
"""


def _lint(cache: Path, jobs: int, paths: list[str], *options: str) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    completed = subprocess.run([sys.executable, "-m", "faq_checks", "lint", "--no-config", "--format", "json",
                                "--jobs", str(jobs), *options, *paths], capture_output=True, text=True, env=env,
                               cwd=ROOT, timeout=300)
    assert completed.returncode == 1, completed.stderr
    return json.loads(completed.stdout)


def test_cache_and_workers_find_the_same(tmp_path):
    generated = tmp_path / "tree"
    generated.mkdir()
    for n in range(24):
        (generated / f"page{n}.rst").write_text(CITING.format(n=n, other=(n + 7) % 24), encoding="utf-8")
    paths = ["answers", "docs", "tests/lint/fixtures", str(generated)]
    cache = tmp_path / "cache"
    cold = _lint(cache, 1, paths, "--no-cache")
    assert list(cache.glob("faq-checks/names-*.json")), "the first run leaves a name cache"
    assert not (cache / "faq-checks" / "results").exists(), "--no-cache writes no result"
    filling = _lint(cache, 1, paths)
    entries = {p: p.stat().st_mtime_ns for p in (cache / "faq-checks" / "results").rglob("*") if p.is_file()}
    assert len(entries) > 24, "every document's result is kept"
    warm = _lint(cache, 1, paths)
    spread = _lint(cache, 2, paths)
    assert {p: p.stat().st_mtime_ns for p in entries} == entries, "read from the result cache, not checked again"
    spread_fresh = _lint(cache, 2, paths, "--no-cache")
    assert cold == filling == warm == spread == spread_fresh
    codes = {f["code"] for f in cold["findings"]}
    assert {"REF001", "API001"} <= codes
    cited = [f for f in cold["findings"] if f["code"] == "REF001" and "defined-in-" in f["message"]]
    assert cited == [], "labels defined in another document are found"
