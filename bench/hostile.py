"""
How ``faq-check lint`` copes with very large files (issue 9, item 3).

    python bench/hostile.py [--sizes 1,10,100] [--raised 1,10] [--shapes document,line]

Each file is written into a temporary folder and linted by the linter as a
user runs it, in its own child process.  First with the default
``max-file-size`` (4 MiB): the files above it are refused at once, with one
line that names each (exit 2), and the time that takes is printed (a file
under it is linted as usual).  Then with the limit
raised above the file, for the sizes in ``--raised``: the wall and CPU time,
the peak memory, and the growth against the smallest size (linear growth
is about the size ratio: 10x the file, 10x the time).

Two shapes: ``document``, a real-looking section repeated (a label, a title,
a paragraph with inline literals, a role and a link, a Python block with a
pyflakes finding, a list), and ``line``, a single line of prose with no
newline at all, the shape that used to be the slowest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024

SECTION = """.. _section-{n}:

Section {n}
-----------

Call ``reactor.run()`` once; see :ref:`section-{n}` and `the docs <https://docs.twisted.org/>`_
for why ``twisted.internet.defer.Deferred`` callbacks run in order.

.. code-block:: python

    from twisted.internet import defer
    d = defer.succeed({n})
    d.addCallback(print)
    unused_{n} = missing_name

- an item with *emphasis*
- another with ``a literal``

"""

LINE_WORDS = "the quick brown fox reads ``a literal`` and :ref:`a-label` over the lazy dog "


def document(size: int) -> str:
    parts, length, n = ["Big document\n============\n\n"], 0, 0
    while length < size:
        parts.append(SECTION.format(n=n))
        length += len(parts[-1])
        n += 1
    return "".join(parts)


def line(size: int) -> str:
    return "Big line\n========\n\n" + (LINE_WORDS * (size // len(LINE_WORDS) + 1))[:size]


SHAPES = {"document": document, "line": line}


def run(path: Path, limit: str | None) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds, peak MiB, exit status and the first line of stderr of one lint."""
    command = [sys.executable, "-m", "faq_checks", "lint", "--no-config", "--jobs", "1"]
    if limit:
        command += ["--max-file-size", limit]
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([*command, str(path)], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        said = (err.read().strip().splitlines() or [""])[0]
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="MiB, linted with the default limit (above it: refused)")
    parser.add_argument("--raised", default="1,10", help="MiB, linted with the limit raised")
    parser.add_argument("--shapes", default="document,line")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    raised = [int(s) for s in options.raised.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["XDG_CACHE_HOME"] = os.path.join(scratch, "cache")
        for shape in options.shapes.split(","):
            files = {}
            for mib in sorted(set(sizes) | set(raised)):
                files[mib] = Path(scratch) / f"{shape}-{mib}mib.rst"
                files[mib].write_text(SHAPES[shape](mib * MIB), encoding="utf-8")
            print(f"{shape}: default max-file-size (4 MiB): larger files are refused")
            for mib in sizes:
                wall, cpu, _, status, said = run(files[mib], None)
                print(f"  {mib:4d} MiB  done in {wall:6.2f} s (cpu {cpu:5.2f} s), exit {status}: {said}", flush=True)
            print(f"{shape}: max-file-size raised above the file")
            first = None
            for mib in raised:
                wall, cpu, peak, status, _ = run(files[mib], f"{mib + 1}M")
                first = first or (mib, wall, cpu)
                growth = (f"  {wall / first[1]:5.1f}x the wall, {cpu / first[2]:5.1f}x the cpu "
                          f"of {first[0]} MiB for {mib / first[0]:.0f}x the size") if mib != first[0] else ""
                print(f"  {mib:4d} MiB  {wall:7.2f} s wall  {cpu:7.2f} s cpu  {peak:7.1f} MiB peak"
                      f"  exit {status}{growth}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
