"""
``faq-check lint`` on real documentation trees nobody here wrote: Twisted's
own docs at several releases, Scrapy's, Buildbot's and other Twisted-based
projects', each linted from its own root as its maintainers would run it
(``cd TREE && faq-check lint docs``).

    python bench/realdocs.py [--cache DIR] [--only NAME ...] [--save FILE]

Each tree is its project's sdist from the package index, downloaded with
pip (``pip download --no-deps --no-binary :all:``) into a cache outside the
repository (default ``~/.cache/faq-check-realdocs``; nothing from it is ever
committed) and unpacked there once.  Twisted 15.5.0's sdist cannot be
downloaded this way on Python 3 (pip must run its setup.py, which is
Python 2 only), so the oldest Twisted here is 16.6.0.

Buildbot's sdist ships only part of its docs (99 of the ~300 pages: no
``manual/configuration``), so its :doc: links into the missing pages are
broken *in the sdist*.  For the whole tree as its maintainers lint it, give a
local git repository: ``--git buildbot-git=/path/to/buildbot.git:master``
exports that folder of its HEAD into the cache (``git archive``) and lints
``docs`` there.

Printed per tree: files linted, wall seconds, errors and warnings, and the
count of each code.  ``--save`` writes every finding as JSON lines (tree,
path, line, column, code, severity, message) for classifying a sample by
hand, or for comparing a run before a change with one after it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "faq-check-realdocs"


@dataclass(frozen=True)
class Tree:
    name: str        # what the table calls it
    requirement: str  # what pip downloads
    docs: str = "docs"  # the folder its maintainers lint, from the sdist's root


TREES = (
    Tree("twisted-16.6", "twisted==16.6.0"),
    Tree("twisted-17.9", "twisted==17.9.0"),
    Tree("twisted-20.3", "twisted==20.3.0"),
    Tree("twisted-22.10", "twisted==22.10.0"),
    Tree("twisted-26.10", "twisted==26.10.0"),
    Tree("scrapy-2.19", "scrapy==2.19.0"),
    # Buildbot's docs ship inside the ``buildbot`` sdist (master/docs in the repository).
    Tree("buildbot-4.3", "buildbot==4.3.0"),
    Tree("txaio-26.6", "txaio==26.6.1"),
)


def unpacked(tree: Tree, cache: Path) -> Path:
    """The tree's sdist, downloaded and unpacked under ``cache`` once; its root folder."""
    sdists = cache / "sdists" / tree.name
    if not sdists.is_dir() or not any(sdists.iterdir()):
        sdists.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        tree.requirement, "-d", str(sdists)], check=True)
    (archive,) = [p for p in sdists.iterdir() if ".tar" in p.name]
    target = cache / "trees" / tree.name
    if not target.is_dir():
        target.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
    (root,) = [p for p in target.iterdir() if p.is_dir()]
    return root


def exported(name: str, spec: str, cache: Path) -> Path:
    """``GITDIR:FOLDER``: that folder of the repository's HEAD, exported under ``cache`` once."""
    git_dir, _, folder = spec.rpartition(":")
    target = cache / "trees" / name
    if not target.is_dir():
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "--git-dir", git_dir, "archive", "HEAD", folder],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "x", "-C", str(target)], input=archive, check=True)
    return target / folder


def lint(root: Path, docs: str, faq_check: str) -> tuple[float, dict, str]:
    """Seconds, the JSON report, and stderr of ``faq-check lint --format json DOCS`` run from ``root``."""
    started = time.perf_counter()
    done = subprocess.run([faq_check, "lint", "--format", "json", docs], cwd=root,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1, 2) or not done.stdout.strip():
        raise SystemExit(f"{root}: faq-check lint exited {done.returncode}:\n{done.stderr}")
    return seconds, json.loads(done.stdout), done.stderr


def summary(report: dict) -> tuple[int, int, str]:
    by_severity = collections.Counter(f["severity"] for f in report["findings"])
    by_code = collections.Counter(f["code"] for f in report["findings"])
    codes = " ".join(f"{code}:{n}" for code, n in sorted(by_code.items()))
    return by_severity["error"], by_severity["warning"], codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="lint only these trees")
    parser.add_argument("--save", type=Path, help="write every finding here, one JSON object a line")
    parser.add_argument("--git", action="append", default=[], metavar="NAME=GITDIR:FOLDER",
                        help="also lint FOLDER/docs of a local git repository's HEAD")
    parser.add_argument("--faq-check", default=str(Path(sys.executable).with_name("faq-check")))
    options = parser.parse_args()
    roots = [(t.name, t.docs, lambda t=t: unpacked(t, options.cache)) for t in TREES]
    for spec in options.git:
        name, _, where = spec.partition("=")
        roots.append((name, "docs", lambda n=name, w=where: exported(n, w, options.cache)))
    roots = [r for r in roots if not options.only or r[0] in options.only]
    saved = options.save.open("w") if options.save else None
    print(f"{'tree':<14} {'files':>5} {'seconds':>7} {'errors':>6} {'warnings':>8}  by code")
    for name, docs, root in roots:
        seconds, report, stderr = lint(root(), docs, options.faq_check)
        errors, warnings, codes = summary(report)
        print(f"{name:<14} {report['files']:>5} {seconds:>7.1f} {errors:>6} {warnings:>8}  {codes}")
        for line in stderr.splitlines()[:3]:
            print(f"{'':<14} stderr: {line}")
        if saved:
            for finding in report["findings"]:
                saved.write(json.dumps({"tree": name, **finding}) + "\n")
    if saved:
        saved.close()


if __name__ == "__main__":
    main()
