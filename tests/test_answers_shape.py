"""Every answer has the shape CONTRIBUTING.md promises, so the FAQ reads as one."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_checks.run.samples import fields_of, parse_answer, title_of

ANSWERS = Path(__file__).parent.parent / "answers"
SECTIONS = {
    "general": "General",
    "stability": "Stability",
    "installation": "Installation",
    "core": "Core Twisted",
    "contributing": "Requests and Contributing",
    "documentation": "Documentation",
    "communicating": "Communicating with us",
}
EXPECTED_COUNTS = {"general": 4, "stability": 2, "installation": 2, "core": 13,
                   "contributing": 4, "documentation": 2, "communicating": 3}
ALL = sorted(ANSWERS.glob("*/*.rst"))


def test_thirty_answers_in_the_old_faqs_sections():
    counts = {section: len(list((ANSWERS / section).glob("*.rst"))) for section in SECTIONS}
    assert counts == EXPECTED_COUNTS
    assert {path.parent.name for path in ALL} <= set(SECTIONS)


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_answer_fields(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f".. _{path.stem}:\n"), "the first line is the answer's label, its slug"
    assert title_of(text), "an answer has a title: the question"
    fields = fields_of(text)
    assert fields.get("section") == SECTIONS[path.parent.name]
    assert fields.get("status") in {"current", "corrected", "rewritten"}
    if fields["status"] != "current":
        # The release(s) that made the old answer stale, or why no single one did.
        assert fields.get("changed-in"), "a corrected answer says what changed, and since when"
    assert parse_answer(str(path)).examples, "every answer proves something by running it"
