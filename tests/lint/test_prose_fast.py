"""The prose checks' shortcuts, each against the plain form it replaces."""

from __future__ import annotations

from pathlib import Path

from faq_checks.lint import history
from faq_checks.lint.history import _field_spans
from faq_checks.lint.model import Document, SourceText

ROOT = Path(__file__).resolve().parents[2]


def _corpus() -> list[str]:
    return [path.read_text(encoding="utf-8", errors="replace")
            for folder in ("answers", "docs", "tests/lint") for path in sorted((ROOT / folder).rglob("*.rst"))]


def test_field_spans_with_and_without_the_gate():
    """A document without ':changed' or ':history' (any case) has no history field: the same spans as reading every line."""
    texts = _corpus() + [":changed-in: 1.0\n  more\n", "x\n:CHANGED: now\n", ":History: gone\n", ":histories: x\n",
                         " :changed-in: indented\n", ":Changed-In:\n\tbody\n"]
    found = 0
    for text in texts:
        document = Document(SourceText("x.rst", text), [])
        gated = _field_spans(document)
        saved, history._FIELD_STEMS = history._FIELD_STEMS, ("",)  # "" is in every text: the gate always open
        try:
            assert _field_spans(document) == gated, text
        finally:
            history._FIELD_STEMS = saved
        found += len(gated)
    assert found >= 4
