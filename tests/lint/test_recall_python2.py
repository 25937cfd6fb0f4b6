"""
Stale advice found by diffing Twisted 16.6's docs with 26.10's (what a
maintainer had to change between them): links into Python 2's documentation,
advice to stay compatible with Python 2, Python 2's ``__future__`` imports,
and references through an
intersphinx inventory the project no longer maps.  The page is written in
the style of those docs; true statements on it stay clean.
"""

from __future__ import annotations

from pathlib import Path

from faq_checks.lint.checks.refs import check_refs
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint

PAGE = Path(__file__).parent / "samples" / "recall" / "python2-era.rst"
CONF = "project = 'Twisted'\nintersphinx_mapping = {'py3': ('https://docs.python.org/3', None)}\n"


def found(tmp_path: Path, conf: str = CONF) -> list[tuple]:
    (tmp_path / "conf.py").write_text(conf)
    (tmp_path / "portable.rst").write_text(PAGE.read_text())
    result = lint([str(tmp_path)], checks=[check_stale, check_refs])
    assert result.errors == []
    return [(f.code, f.line, f.column, f.also) for f in result.findings]


def test_the_python2_era_page_is_flagged_at_each_stale_statement_and_nowhere_else(tmp_path):
    assert found(tmp_path) == [
        ("STL043", 4, 55, ()),  # a link into docs.python.org/2.7 (the py3 one on line 5 is fine)
        # "need compatibility with Python 2", and in the same paragraph "fall back on Python 2"
        ("STL044", 8, 62, ((9, 78),)),
        ("REF001", 13, 39, ()),  # py2: is not in intersphinx_mapping any more; py3: is
        ("STL045", 16, 36, ()),  # advice to import absolute_import from __future__
        ("STL045", 20, 5, ()),   # from __future__ import division (annotations, on line 21, is not Python 2's)
    ]


def test_an_inventory_the_mapping_has_or_a_mapping_that_is_not_literal_is_left_to_sphinx(tmp_path):
    mapped = CONF.replace("{'py3'", "{'py2': ('https://docs.python.org/2.7', None), 'py3'")
    assert ("REF001", 13, 39, ()) not in found(tmp_path, mapped)
    computed = "project = 'Twisted'\nintersphinx_mapping = dict(mappings())\n"
    assert ("REF001", 13, 39, ()) not in found(tmp_path, computed)
