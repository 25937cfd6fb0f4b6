"""CI (``.ci/run``) runs the README's tox command, then ``tox -e mutate``, whose
command fails on a mutant that survives: what makes CI red on a weak answer."""

from __future__ import annotations

import configparser
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "tests" / "mutate" / "samples"


def tox_steps() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line.strip() for line in lines if line.strip().startswith(".venv/bin/tox")]


def mutate_step(path: Path) -> list[str]:
    """The mutate env's command as tox runs it with ``-- PATH``, from this checkout."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini")
    (command,) = config["testenv:mutate"]["commands"].strip().splitlines()
    assert "{posargs:answers}" in command, command   # no PATH given: the whole FAQ
    argv = shlex.split(command.replace("{posargs:answers}", str(path)))
    assert argv[:2] == ["faq-check", "mutate"], argv
    return [sys.executable, "-m", "faq_checks", *argv[1:]]


def test_ci_runs_the_readme_tox_command_first_then_the_mutate_env():
    assert tox_steps() == [".venv/bin/tox", ".venv/bin/tox -e mutate"]
    readme_setup = (ROOT / "README.md").read_text().split("## Set-up", 1)[1].split("```", 2)[1]
    assert any(line.split("#")[0].strip() == ".venv/bin/tox" for line in readme_setup.splitlines())


def test_the_mutate_step_fails_on_a_surviving_mutant_and_passes_when_all_are_killed():
    weak = subprocess.run(mutate_step(SAMPLES / "tautological.rst"), capture_output=True, text=True,
                          timeout=300)
    assert weak.returncode == 1, weak.stdout + weak.stderr
    assert "mutant survived" in weak.stdout
    proven = subprocess.run(mutate_step(SAMPLES / "proven.rst"), capture_output=True, text=True,
                            timeout=300)
    assert proven.returncode == 0, proven.stdout + proven.stderr
