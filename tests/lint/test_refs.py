"""REF001-REF003: labels, documents and positional references across a tree."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from faq_checks.lint.checks.refs import check_refs
from faq_checks.lint.cli import main as lint_main
from faq_checks.lint.engine import lint, lint_text


def tree(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = lint([str(tmp_path)], checks=[check_refs])
    return [(Path(f.path).relative_to(tmp_path).as_posix(), f.code, f.line) for f in result.findings]


def test_a_ref_resolves_against_labels_in_other_documents(tmp_path):
    files = {
        "a.rst": ".. _Deferred Answer:\n\nA\n=\n\nSee :ref:`deferred   answer` and :ref:`the other <b-label>`.\n",
        "b.rst": ".. _b-label:\n\nB\n=\n\nSee :ref:`missing-label`.\n",
    }
    assert tree(tmp_path, files) == [("b.rst", "REF001", 6)]


def test_name_options_builtin_labels_and_intersphinx_targets_resolve(tmp_path):
    files = {"a.rst": (".. note::\n   :name: a-note\n\n   Text.\n\n"
                       "See :ref:`a-note`, :ref:`genindex`, :ref:`python:tut-intro`.\n")}
    assert tree(tmp_path, files) == []


def test_labels_of_unlinted_files_under_a_sphinx_root_count(tmp_path):
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "other.rst").write_text(".. _elsewhere:\n\nOther\n=====\n")
    (tmp_path / "sub").mkdir()
    target = tmp_path / "sub" / "a.rst"
    target.write_text("A\n=\n\nSee :ref:`elsewhere` and :ref:`nowhere`.\n")
    findings = lint([str(target)], checks=[check_refs]).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("REF001", 4, 32)]


def test_doc_targets_resolve_relative_or_from_the_root(tmp_path):
    (tmp_path / "conf.py").write_text("")
    files = {
        "index.rst": "I\n=\n\n:doc:`core/servers`, :doc:`/core/servers`, :doc:`Servers <core/servers>`.\n",
        "core/servers.rst": "S\n=\n\n:doc:`../index`, :doc:`clients`, :doc:`/index`, :doc:`servers.rst`.\n",
    }
    assert tree(tmp_path, files) == [("core/servers.rst", "REF002", 4)]


def test_a_doc_target_climbing_out_of_the_tree_is_told_the_document_it_may_mean(tmp_path):
    """Crossbar's root pages say :doc:`../Getting-Started` for the page beside them."""
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "Getting-Started.rst").write_text("G\n=\n")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "Intro.rst").write_text("I\n=\n")
    page = tmp_path / "Scenarios.rst"
    page.write_text("S\n=\n\n:doc:`../Getting-Started`, :doc:`../../guide/Intro`, :doc:`../Missing`.\n")
    messages = [f.message for f in lint([str(tmp_path)], checks=[check_refs]).findings]
    assert [m.rsplit(" (", 1)[-1] if "did you mean" in m else None for m in messages] == [
        "did you mean 'Getting-Started'?)", "did you mean 'guide/Intro'?)", None]


@pytest.mark.parametrize("sentence, column", [
    ("See previous question.", 5),
    ("As the next answer explains, it is fine.", 4),
    ("The question above covers it.", 5),
    ("See the following FAQ entry.", 5),
])
def test_positional_references_are_reported(sentence, column):
    findings = lint_text("T\n=\n\n" + sentence + "\n", checks=[check_refs])
    assert [(f.code, f.line, f.column) for f in findings] == [("REF003", 4, column)]


@pytest.mark.parametrize("text", [
    "The next section explains the reactor.\n",
    'The old answer was only "See previous question".\n',
    ".. faq-check: history\n\nSee previous question.\n",
    ":changed-in: 1.0 (it said see previous question)\n",
])
def test_positional_phrases_that_are_not_references_are_not_reported(text):
    assert lint_text("T\n=\n\n" + text, checks=[check_refs]) == []


def test_labels_of_unlinted_files_under_the_configured_root_count(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.faq-check]\nroot = "answers"\n')
    answers = tmp_path / "answers"
    (answers / "core").mkdir(parents=True)
    (answers / "core" / "b.rst").write_text(".. _b-label:\n\nB\n=\n")
    (answers / "a.rst").write_text("A\n=\n\nSee :ref:`b-label` and :ref:`nowhere`.\n")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert lint_main(["answers/a.rst", "--select", "REF"]) == 1
    assert [line.split(" ")[:2] for line in out.getvalue().splitlines()] == [["answers/a.rst:4:30:", "REF001"]]
    assert "nowhere" in out.getvalue()


def test_a_label_that_opens_a_list_item_is_a_label(tmp_path):
    files = {
        "a.rst": "A\n=\n\n- .. _in-a-list:\n\n  Item.\n\n#. .. _numbered:\n\n   Item.\n\n"
                 "See :ref:`in-a-list`, :ref:`numbered`, :ref:`in-b-list` and :ref:`nowhere`.\n",
        "b.rst": "B\n=\n\n* .. _in-b-list:\n\n  Item.\n",
    }
    assert tree(tmp_path, files) == [("a.rst", "REF001", 12)]


def test_a_label_in_a_list_item_of_an_unlinted_file_under_the_root_counts(tmp_path):
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "other.rst").write_text("O\n=\n\n- .. _elsewhere:\n\n  Item.\n")
    (tmp_path / "a.rst").write_text("A\n=\n\nSee :ref:`elsewhere`.\n")
    assert lint([str(tmp_path / "a.rst")], checks=[check_refs]).findings == []
