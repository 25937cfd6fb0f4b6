"""
Nothing from the linted tree runs: modules planted in the linted folder and
in the folder the linter runs from are never imported by name resolution.

Each trap writes a marker file when executed; the lint must still resolve
Twisted names (an API001 finding proves the child ran) and leave no marker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOC = """Sample
======

.. code-block:: python

   from twisted.python import nosuchthing
   import json
   nosuchthing.x(json)
"""
TRAP = "import os\nopen(os.path.join({markers!r}, {name!r}), 'w').close()\n"
FAQ_CHECK = Path(sys.executable).parent / "faq-check"


def plant(folder: Path, markers: Path) -> None:
    """json.py, sitecustomize.py, usercustomize.py, twisted/, faq_checks/ and .pth traps."""
    folder.mkdir(parents=True, exist_ok=True)
    for module in ("json", "sitecustomize", "usercustomize", "warnings_trap"):
        (folder / f"{module}.py").write_text(TRAP.format(markers=str(markers), name=f"{folder.name}-{module}"))
    for package in ("twisted", "faq_checks"):
        (folder / package).mkdir(exist_ok=True)
        (folder / package / "__init__.py").write_text(TRAP.format(markers=str(markers), name=f"{folder.name}-{package}"))
    pth = f"import os; open(os.path.join({str(markers)!r}, {folder.name + '-pth'!r}), 'w').close()\n"
    (folder / "trap.pth").write_text(pth)
    (folder / "doc.rst").write_text(DOC)


@pytest.fixture
def planted(tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    plant(tmp_path / "linted", markers)
    plant(tmp_path / "cwd", markers)
    return tmp_path, markers


def test_the_cli_runs_nothing_from_the_linted_tree_or_the_current_folder(planted):
    root, markers = planted
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run([str(FAQ_CHECK), "lint", "--no-config", str(root / "linted"), str(root / "cwd" / "doc.rst")],
                          cwd=root / "cwd", env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.count("API001") == 2, done.stdout + done.stderr
    assert sorted(os.listdir(markers)) == []


def test_the_resolver_child_ignores_pythonpath_and_the_current_folder(planted, monkeypatch):
    root, markers = planted
    from faq_checks.lint import namecache, resolution
    monkeypatch.setattr(namecache, "KNOWN", {})
    monkeypatch.chdir(root / "cwd")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(root / "linted"), str(root / "cwd")]))
    monkeypatch.setenv("PYTHONSTARTUP", str(root / "cwd" / "json.py"))
    found = resolution.resolve_all(["twisted.python.nosuchthing", "twisted.internet.defer.Deferred",
                                    resolution.ANYWHERE + "warnings_trap"])
    assert found["twisted.python.nosuchthing"].status == "missing"
    assert found["twisted.internet.defer.Deferred"].status == "ok"
    assert found[resolution.ANYWHERE + "warnings_trap"].status == "missing"
    assert sorted(os.listdir(markers)) == []


def test_the_child_still_finds_faq_checks_and_twisted_from_an_empty_folder(tmp_path):
    from faq_checks.lint import resolution
    done = subprocess.run(resolution.child_command(), input='["twisted.internet.task.Clock"]', cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert '"status": "ok"' in done.stdout, done.stderr
