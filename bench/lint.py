"""
How long ``faq-check lint`` takes on a real documentation tree, and how much
memory it needs, beside sphinx-lint and rstcheck run on the same files in the
same invocation: on the tree as it is and on 4 and 16 copies of it, and on
one file (what pre-commit and editors pay on every save).

    python bench/lint.py [DOCS_DIR] [--rounds N] [--tools-bin DIR] [--baseline-src DIR]

DOCS_DIR defaults to the docs/ of the installed Twisted's sdist, downloaded
from PyPI into a temporary directory.  rstcheck and sphinx-lint are not
dependencies of this project: install them anywhere (for instance
``python -m venv /tmp/bench && /tmp/bench/bin/pip install rstcheck
sphinx-lint``) and pass that bin/ as --tools-bin; a tool that is not found is
reported as such, not skipped silently.  ``--baseline-src`` adds rows for
another checkout of this project (``git worktree add /tmp/old main``), run
as the rows above are (no result cache; default jobs, then ``--jobs 1``), so
a change is measured against what it replaces in the same run.

Each command runs in its own child; on the tree itself after one warm-up
run, which also fills faq-check's name cache (kept in a temporary
XDG_CACHE_HOME) for the rows after it.  The median wall time of the counted
rounds is shown, and the ratio to sphinx-lint's median; beside it the median
CPU seconds (user + system, the command's waited-for children included: the
workers, the resolver child), which a loaded machine disturbs far less, and
their ratio.  The faq-checks sources measured are byte-compiled first (as pip
installs a package), so that with PYTHONDONTWRITEBYTECODE set no row pays
for compiling them on every run while the peers, installed, never do.
Peak memory is the largest single process of the command's tree (wait4's
maximum RSS); ``faq-check lint --jobs 1`` is shown too, so that the memory
figure of one process holding the whole run is there beside the parallel one.
Those two rows run with ``--no-cache``: every document checked, as on a
first run.  The row "warm result cache" runs with the per-document result
cache that its own first (uncounted) run filled: an unchanged tree linted
again, as a second ``faq-check lint`` in CI or pre-commit does.  At the end
the peak memory of 16 copies is printed as a ratio to that of 1.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import twisted


def twisted_docs(scratch: str) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--no-binary", ":all:", f"twisted=={twisted.__version__}", "-d", scratch],
                   check=True)
    (archive,) = Path(scratch).glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")
    (docs,) = Path(scratch).glob("*/docs")
    return docs


def copies(docs: Path, count: int, scratch: str) -> Path:
    """``count`` copies of the tree side by side under one folder (1 is the tree itself)."""
    if count == 1:
        return docs
    root = Path(scratch) / f"x{count}"
    for index in range(count):
        shutil.copytree(docs, root / f"copy{index}")
    return root


def measure(command: list[str], env: dict) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS in MiB (largest process), exit status and CPU seconds of one run of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return (time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode,
            usage.ru_utime + usage.ru_stime)


def byte_compile(package: str) -> None:
    """A faq_checks package folder compiled to .pyc, as an installed package is."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, stdout=subprocess.DEVNULL)


def tools(target: Path, options: argparse.Namespace) -> dict[str, tuple[list[str], dict]]:
    """Every command to compare, on ``target`` (a folder or one file), with its environment."""
    files = [str(target)] if target.is_file() else sorted(str(p) for p in target.rglob("*.rst"))
    env = dict(os.environ)
    lint = [sys.executable, "-m", "faq_checks", "lint", "--no-config", str(target)]
    usage = subprocess.run([*lint[:4], "--help"], capture_output=True, text=True).stdout
    cold = [*lint, "--no-cache"] if "--no-cache" in usage else lint
    chosen = {
        "sphinx-lint": ([os.path.join(options.tools_bin, "sphinx-lint"), *files], env),
        "rstcheck": ([os.path.join(options.tools_bin, "rstcheck"), "--report-level", "error", *files], env),
        "faq-check lint": (cold, env),
    }
    if "--jobs" in usage:
        chosen["  --jobs 1"] = ([*cold, "--jobs", "1"], env)
    if "--no-cache" in usage:
        results = dict(env, XDG_CACHE_HOME=os.path.join(env["XDG_CACHE_HOME"], "results", target.name))
        if os.path.isdir(os.path.join(env["XDG_CACHE_HOME"], "faq-checks")):  # the name cache: warm as the others'
            shutil.copytree(os.path.join(env["XDG_CACHE_HOME"], "faq-checks"),
                            os.path.join(results["XDG_CACHE_HOME"], "faq-checks"), dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("results"))
        chosen["  warm result cache"] = (lint, results)
    if options.baseline_src:
        old = dict(env, PYTHONPATH=os.path.abspath(options.baseline_src))
        # -P: a checkout in the current folder (or an editable install) must not shadow the baseline's
        before = [lint[0], "-P", *lint[1:]]
        old_usage = subprocess.run([*before[:5], "--help"], capture_output=True, text=True, env=old).stdout
        # the same kind of run as the rows above: every document checked (no result cache), default jobs, then 1
        old_cold = [*before, "--no-cache"] if "--no-cache" in old_usage else before
        chosen["faq-check (baseline)"] = (old_cold, old)
        if "--jobs" in old_usage:
            chosen["  --jobs 1 (baseline)"] = ([*old_cold, "--jobs", "1"], old)
    return chosen


def compare(label: str, target: Path, options: argparse.Namespace, rounds: int, warm_up: bool) -> dict[str, float]:
    """Prints one table; returns each row's peak memory in MiB."""
    count = 1 if target.is_file() else sum(1 for _ in target.rglob("*.rst"))
    how = "after a warm-up" if warm_up else "(caches already warm)"
    print(f"{label}: {count} .rst file(s), {rounds} round(s) {how}, median wall and cpu, ratios to sphinx-lint")
    reference = cpu_reference = None
    peaks = {}
    for name, (command, env) in tools(target, options).items():
        if not shutil.which(command[0]):
            print(f"  {name:<22} not found in {options.tools_bin}")
            continue
        cold = measure(command, env) if warm_up or "warm" in name else None  # the cache's own first run fills it
        runs = [measure(command, env) for _ in range(rounds)]
        seconds = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[3] for run in runs)
        memory = max(run[1] for run in runs)
        reference, cpu_reference = reference or seconds, cpu_reference or cpu
        first = f"  (first run {cold[0]:.2f} s)" if cold else ""
        peaks[name.strip()] = memory
        print(f"  {name:<22} {seconds:6.2f} s  {seconds / reference:5.2f}x   cpu {cpu:6.2f} s  "
              f"{cpu / cpu_reference:5.2f}x   {memory:6.1f} MiB  exit {runs[0][2]}{first}", flush=True)
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?")
    parser.add_argument("--rounds", type=int, default=3, help="counted runs on the tree and on one file")
    parser.add_argument("--rounds-large", type=int, default=1, help="counted runs on the copies")
    parser.add_argument("--tools-bin", default=os.path.dirname(sys.executable))
    parser.add_argument("--baseline-src", metavar="DIR", help="another checkout of faq-checks to compare with")
    parser.add_argument("--copies", default="1,4,16", help="tree sizes to measure, comma-separated")
    parser.add_argument("--one-file", default="core/howto/defer.rst", help="the file for the latency row")
    options = parser.parse_args()
    if options.docs:  # before anything is compiled or timed
        refuse_empty(Path(options.docs), Path(options.docs) / options.one_file)
    byte_compile(os.path.dirname(importlib.util.find_spec("faq_checks").origin))  # what -m faq_checks runs
    if options.baseline_src:
        byte_compile(os.path.join(options.baseline_src, "faq_checks"))
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["XDG_CACHE_HOME"] = os.path.join(scratch, "cache")
        docs = Path(options.docs) if options.docs else twisted_docs(scratch)
        refuse_empty(docs, docs / options.one_file)  # the downloaded sdist's, checked too
        print(f"tree: {docs}")
        sizes = [int(c) for c in options.copies.split(",")]
        peaks = {}
        for count in sizes[:1]:
            peaks[count] = compare(f"{count}x the tree", copies(docs, count, scratch), options, options.rounds,
                                   warm_up=True)
        compare("one file", docs / options.one_file, options, options.rounds, warm_up=False)
        for count in sizes[1:]:
            peaks[count] = compare(f"{count}x the tree", copies(docs, count, scratch), options,
                                   options.rounds_large, warm_up=False)
        memory_growth(peaks)


def refuse_empty(docs: Path, one_file: Path) -> None:
    """
    Exit 2 unless ``docs`` is a folder with .rst files in it and ``one_file``
    is one of its files: a mistyped path would otherwise be timed as "0 .rst
    file(s)", every tool exiting 2 at once, and look fast.
    """
    if not docs.is_dir():
        problem = f"{docs}: not a folder (give the docs/ folder of a tree)"
    elif next(docs.rglob("*.rst"), None) is None:
        problem = f"{docs}: no .rst file under it (give the docs/ folder of a tree)"
    elif not one_file.is_file():
        problem = f"{one_file}: no such file for the one-file row (choose one with --one-file)"
    else:
        return
    print(f"bench/lint.py: {problem}", file=sys.stderr)
    sys.exit(2)


def memory_growth(peaks: dict[int, dict[str, float]]) -> None:
    """Each row's peak memory on the largest tree as a ratio to the smallest (the issue's bound: 1.5x)."""
    small, large = min(peaks), max(peaks)
    if small == large:
        return
    print(f"peak memory, {large}x against {small}x the tree:")
    for name, memory in peaks[large].items():
        if name in peaks[small]:
            print(f"  {name:<22} {peaks[small][name]:6.1f} -> {memory:6.1f} MiB  {memory / peaks[small][name]:5.2f}x")


if __name__ == "__main__":
    main()
