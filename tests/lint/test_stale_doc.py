"""docs/rules/stale.rst is generated from the catalogue and must not drift from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "stale_rules_doc.py"


def test_the_stale_rules_page_matches_the_catalogue():
    spec = importlib.util.spec_from_file_location("stale_rules_doc", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.TARGET.read_text(encoding="utf-8") == tool.render(), "run: python tools/stale_rules_doc.py"
