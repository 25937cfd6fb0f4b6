"""
Run the answers inside one release's env, through ``faq-check run --format json``.

That JSON (documented in the README, its shape fixed) is the only thing that
crosses from an env back to the matrix, so the env may hold any Twisted.
"""

from __future__ import annotations

import json
import os
import subprocess
import time

from faq_checks.matrix.envs import BuildError, Env

RUN_TIMEOUT = 1800


def column(env: Env, installer: str, paths: list[str], jobs: int, timeout: float) -> dict:
    """One release's column: how the build went and, if it ran, the run's JSON."""
    entry = {"release": env.release.label, "requirement": env.release.requirement,
             "pins": list(env.release.pins), "env": str(env.path)}
    try:
        entry["cached"], entry["build_seconds"] = env.ensure(installer)
    except BuildError as error:
        return {**entry, "state": "install-failed", "error": str(error)}
    started = time.monotonic()
    environ = {**os.environ, "PYTHONPATH": str(env.source())}
    command = [str(env.python), "-m", "faq_checks", "run", "--format", "json",
               "--jobs", str(jobs), "--timeout", f"{timeout:g}", *paths]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=environ,
                              timeout=RUN_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {**entry, "state": "run-failed", "error": f"the run took over {RUN_TIMEOUT}s"}
    entry["run_seconds"] = round(time.monotonic() - started, 2)
    entry["build_seconds"] = round(entry["build_seconds"], 2)
    try:
        run = json.loads(done.stdout)
    except ValueError:
        tail = done.stderr.strip().splitlines()[-8:]
        return {**entry, "state": "run-failed",
                "error": "\n".join(tail) or f"faq-check run exited {done.returncode} with no JSON"}
    return {**entry, "state": "ran", "run": run}
