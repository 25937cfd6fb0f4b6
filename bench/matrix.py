"""
What the version matrix costs: building the envs with pip against uv (both
cold, in fresh cache directories, in this one run), then the whole
``faq-check matrix`` with every env cached, and the ``--cold`` releases
(three, by default: a whole cold ``all`` would double an already long run)
both cached and cold from a fresh cache.

    python bench/matrix.py [--twisted all] [--cold 24.11.0,25.5.0,26.10.0] [--jobs 2] [--json OUT]

It needs the package index (to build the envs) and uv for the comparison
(``pip install uv``); without uv it measures pip alone and says so.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from faq_checks.matrix.envs import BuildError, Env, find_uv
from faq_checks.matrix.releases import parse_spec


def build_all(releases, installer: str, cache: Path, jobs: int) -> tuple[float, dict]:
    """Wall time to build every env cold, and which ones failed (label -> last line)."""
    def one(release):
        try:
            Env(release, cache).ensure(installer)
        except BuildError as error:
            return release.label, str(error).strip().splitlines()[-1:]
        return release.label, None
    started = time.monotonic()
    with ThreadPoolExecutor(jobs) as pool:
        failed = {label: why for label, why in pool.map(one, releases) if why is not None}
    return time.monotonic() - started, failed


def matrix(spec: str, installer: str, cache: Path, jobs: int, output: Path) -> float:
    command = [sys.executable, "-m", "faq_checks", "matrix", "--twisted", spec, "--jobs", str(jobs),
               "--installer", installer, "--cache-dir", str(cache), "--format", "text", "-o", str(output)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - started
    print(done.stdout)
    return seconds


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--twisted", default="all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cold", default="24.11.0,25.5.0,26.10.0",
                        help="releases for the whole matrix run cold, from a fresh cache")
    parser.add_argument("--json", type=Path, default=Path(tempfile.gettempdir()) / "faq-matrix.json")
    options = parser.parse_args()
    releases = parse_spec(options.twisted)
    print(f"{len(releases)} releases: {', '.join(r.label for r in releases)}")
    with tempfile.TemporaryDirectory() as pip_cache, tempfile.TemporaryDirectory() as uv_cache:
        pip_cold, pip_failed = build_all(releases, "pip", Path(pip_cache), options.jobs)
        print(f"build, pip, cold: {pip_cold:.1f} s; did not install: {pip_failed or 'none'}")
        if find_uv():
            uv_cold, uv_failed = build_all(releases, "uv", Path(uv_cache), options.jobs)
            print(f"build, uv,  cold: {uv_cold:.1f} s; did not install: {uv_failed or 'none'}")
            print(f"uv builds {pip_cold / uv_cold:.1f} times faster than pip")
        else:
            print("uv is not installed (pip install uv): pip measured alone")
        # The matrix with every env already built, then cold from a fresh cache.
        cached = matrix(options.twisted, "pip", Path(pip_cache), options.jobs, options.json)
        print(f"matrix, cached envs: {cached:.1f} s")
        same = matrix(options.cold, "pip", Path(pip_cache), options.jobs, options.json.with_suffix(".cached.json"))
        print(f"matrix --twisted {options.cold}, cached envs: {same:.1f} s")
    with tempfile.TemporaryDirectory() as fresh:
        installer = "uv" if find_uv() else "pip"
        cold = matrix(options.cold, installer, Path(fresh), options.jobs, options.json.with_suffix(".cold.json"))
        print(f"matrix --twisted {options.cold}, cold ({installer}): {cold:.1f} s; "
              f"cached is {cold / same:.2f} times faster")
    document = json.loads(options.json.read_text())
    print(json.dumps([{k: r.get(k) for k in ("release", "state", "build_seconds", "run_seconds")}
                      for r in document["releases"]], indent=1))


if __name__ == "__main__":
    main()
