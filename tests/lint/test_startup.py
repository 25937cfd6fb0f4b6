"""
``faq-check lint one.rst`` starts without what only some runs need, and the
installed Twisted's metadata read without ``importlib.metadata`` says what
``importlib.metadata`` says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata

from faq_checks.lint import versions

#: Imported only by the runs that need them: a name no cache knows, --fix, a project's own rules, SARIF,
#: a pyproject.toml to read (tomllib), --since (packaging), a ``>>>`` session (doctest: not Sybil's parsers).
LATE = ("importlib.metadata", "multiprocessing", "subprocess", "tempfile", "email.parser", "select", "tomllib",
        "packaging.version", "doctest", "unittest", "pdb", "sybil.parsers.rest", "sybil.parsers.abstract")

PROBE = (
    "import io, json, sys\n"
    "from faq_checks.lint.cli import main\n"
    "status = main(['--no-config', '--jobs', '1', sys.argv[1]], stdout=io.StringIO(), stderr=io.StringIO())\n"
    "print(json.dumps([status, sorted(m for m in sys.modules if m in sys.argv[2].split(','))]))\n"
)


def test_one_file_lint_imports_none_of_the_late_modules(tmp_path):
    page = tmp_path / "page.rst"
    page.write_text("Title\n=====\n\nSee ``mktap`` and :ref:`nowhere`.\n\n.. code-block:: python\n\n   import os\n",
                    encoding="utf-8")
    # The first run in a fresh cache folder parses the built-in catalogue (TOML); every later one reads its cache.
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", PROBE, str(page), ",".join(LATE)], capture_output=True,
                              text=True, timeout=120, check=True, env=env)
    status, imported = json.loads(done.stdout.splitlines()[-1])
    assert status == 1  # it did lint: STL001, REF001 and PY102 are there
    assert imported == []


def test_the_installed_twisted_read_beside_its_package_is_what_importlib_metadata_says():
    assert versions.installed_twisted() == metadata.version("twisted")
    requires = metadata.metadata("twisted").get("Requires-Python")
    assert versions.twisted_metadata()["requires-python"] == requires
    assert versions.twisted_python_floor() in requires


def test_headers_keep_the_first_value_and_folded_lines():
    text = "Metadata-Version: 2.1\nName: Twisted\nRequires-Python: >=3.9,\n <4\nVersion: 1.0\nVersion: 2.0\n\nBody: no\n"
    headers = versions._headers(text)
    assert headers["requires-python"] == ">=3.9,\n <4"
    assert headers["version"] == "1.0"
    assert "body" not in headers


class _TwoDistInfos:
    """``os`` for :mod:`.versions` only, whose listing shows two Twisted dist-infos."""

    def __init__(self) -> None:
        self.listed: list[str] = []

    def __getattr__(self, name: str):
        return getattr(os, name)

    def listdir(self, folder: str) -> list[str]:
        self.listed.append(folder)
        return ["twisted", "Twisted-1.0.dist-info", "twisted-2.0.dist-info"]


def test_two_dist_infos_ask_importlib_metadata(monkeypatch):
    fake = _TwoDistInfos()
    listed = fake.listed
    monkeypatch.setattr(versions, "os", fake)
    versions.twisted_metadata.cache_clear()
    try:
        assert versions.twisted_metadata()["version"] == metadata.version("twisted")
        assert listed
    finally:
        versions.twisted_metadata.cache_clear()
