"""
How long ``faq-check lint`` takes on a real documentation tree, and how much
memory it needs, beside rstcheck and sphinx-lint run on the same files in
the same invocation.

    python bench/lint.py [DOCS_DIR] [--rounds N] [--tools-bin DIR]

DOCS_DIR defaults to the docs/ of the installed Twisted's sdist, downloaded
from PyPI into a temporary directory.  rstcheck and sphinx-lint are not
dependencies of this project: install them anywhere (for instance
``python -m venv /tmp/bench && /tmp/bench/bin/pip install rstcheck
sphinx-lint``) and pass that bin/ as --tools-bin; a tool that is not found is
reported as such, not skipped silently.  Each command runs in its own child,
timed by wall clock; peak memory is the child's own maximum RSS (wait4).
"""

from __future__ import annotations

import argparse
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


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, and exit status of one run of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tools-bin", default=os.path.dirname(sys.executable))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        docs = Path(options.docs) if options.docs else twisted_docs(scratch)
        files = sorted(str(path) for path in docs.rglob("*.rst"))
        print(f"{len(files)} .rst files under {docs}, {options.rounds} rounds, median shown")
        tools = {
            "faq-check lint": [sys.executable, "-m", "faq_checks", "lint", str(docs)],
            "rstcheck": [os.path.join(options.tools_bin, "rstcheck"), "--report-level", "error", *files],
            "sphinx-lint": [os.path.join(options.tools_bin, "sphinx-lint"), str(docs)],
        }
        baseline = None
        for name, command in tools.items():
            if not shutil.which(command[0]):
                print(f"  {name:<15} not found in {options.tools_bin}")
                continue
            runs = [measure(command) for _ in range(options.rounds)]
            seconds = statistics.median(run[0] for run in runs)
            memory = max(run[1] for run in runs)
            baseline = baseline or seconds
            print(f"  {name:<15} {seconds:6.2f} s wall  {memory:6.1f} MiB peak  "
                  f"exit {runs[0][2]}  ({seconds / baseline:.2f}x faq-check's time)")


if __name__ == "__main__":
    main()
