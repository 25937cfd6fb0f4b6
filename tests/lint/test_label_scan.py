"""Labels are found by trying the label regex only on lines that hold ``.. _``: the same labels, in the same order."""

from __future__ import annotations

from pathlib import Path

from faq_checks.lint.tree import _TARGET, _targets, labels_in_text

ROOT = Path(__file__).resolve().parents[2]
CRAFTED = [
    ".. _a:\n", "- .. _b:\n", "  #. .. _c:\n", ".. _`c d`:\n", ".. _x\ny:\n", ".. .. _z:\n", "  .. _q:  \n.. _r:",
    ".. _s:\n.. _t:\n", "..\t_u:\n", "text .. _not:\n", ".. _v: trailing\n", ".. _`multi\nline`:\n.. _w:\n",
    "(1) .. _n:\n", "\u2022 .. _bullet:\n",
]


def test_the_hinted_scan_finds_what_finditer_finds():
    texts = CRAFTED + [p.read_text(encoding="utf-8", errors="replace") for p in sorted(ROOT.glob("**/*.rst"))
                       if ".venv" not in p.parts]
    assert len(texts) > 50
    for text in texts:
        assert [m.span() for m in _targets(text)] == [m.span() for m in _TARGET.finditer(text)], text[:80]


def test_name_options_are_still_labels():
    assert labels_in_text(".. code-block:: python\n   :name: Some Block\n\n   x = 1\n") == {"some block"}
