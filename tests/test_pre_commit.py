"""
``.pre-commit-hooks.yaml``: the manifest pre-commit reads, and the hook run
as pre-commit runs it.

The first test is offline: pre-commit's own loader validates the manifest,
pre-commit's own file-type detection picks the files it would pass, and the
hook's entry runs on them.  The second runs pre-commit itself against a
clone of this repository; it is opt-in (``FAQ_CHECK_PRE_COMMIT=1``) because
``language: python`` makes pre-commit build a fresh virtualenv and
pip-install faq-checks with Twisted, Sybil, pytest and pyflakes from the
package index: about a minute, and the network.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

clientlib = pytest.importorskip("pre_commit.clientlib", reason="the test extra brings pre-commit")
identify = pytest.importorskip("identify.identify")

REPO = Path(__file__).resolve().parents[1]
PY2 = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n'
CLEAN = "Title\n=====\n\nNothing stale here.\n"


def third_party(root: Path) -> Path:
    """A small project with a stale doc, a clean one, and generated docs its config excludes."""
    (root / "docs" / "_generated").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "thirdparty"\n\n'
                                         '[tool.faq-check]\nextend-exclude = ["docs/_generated/*"]\n')
    (root / "docs" / "old.rst").write_text(PY2)
    (root / "docs" / "index.rst").write_text(CLEAN)
    (root / "docs" / "_generated" / "api.rst").write_text(PY2)
    (root / "README.md").write_text("not reStructuredText\n")
    return root


def test_the_manifest_is_valid_and_its_entry_lints_what_pre_commit_passes(tmp_path):
    (hook,) = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "faq-check" and hook["language"] == "python"
    project = third_party(tmp_path)
    files = sorted(str(p.relative_to(project)) for p in project.rglob("*")
                   if p.is_file() and set(hook["types"]) <= identify.tags_from_path(str(p)))
    assert files == ["docs/_generated/api.rst", "docs/index.rst", "docs/old.rst"]
    command = [sys.executable, "-m", "faq_checks", *shlex.split(hook["entry"])[1:], *hook["args"], *files]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("docs/old.rst:6:4: PY002") and "_generated" not in result.stdout


@pytest.mark.skipif(os.environ.get("FAQ_CHECK_PRE_COMMIT") != "1",
                    reason="installs the hook from the package index (~1 min); set FAQ_CHECK_PRE_COMMIT=1")
def test_pre_commit_runs_the_hook_from_a_clone(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    clone = tmp_path / "faq-checks"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    project = third_party(tmp_path / "project")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {clone}\n  rev: {head}\n  hooks:\n  - id: faq-check\n")
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project,
                            capture_output=True, text=True, env=environment, timeout=900)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/old.rst:6:4: PY002" in result.stdout and "_generated" not in result.stdout
