"""
``faq-check lint --add-ignore``: every finding silenced where it is, the
narrowest comment suppress.py accepts there; then the tree lints clean, a
second run adds nothing, CTL002 never fires on what was added, and the page
still parses as reST as well as it did.
"""

from __future__ import annotations

import io

import pytest

from faq_checks.lint.engine import lint_text
from tests.lint.support.fixing import run

HEAD = "Title\n=====\n\n"
RUN = {"snippets_run": True}


def silenced(text: str) -> str:
    status, out, err = run("--add-ignore", "-", "--stdin-filename", "doc.rst", stdin=text)
    # the run reads this repository's pyproject.toml, whose documents' snippets run (PY101 on)
    assert status == 0 and err.endswith(f"; {len(lint_text(text, settings=RUN))} silenced\n"), err
    assert lint_text(out, settings=RUN) == []  # clean, CTL002 included
    assert run("--add-ignore", "-", "--stdin-filename", "doc.rst", stdin=out)[1] == out  # idempotent
    return out


def reST_problems(text: str) -> int:
    docutils_core = pytest.importorskip("docutils.core")
    tree = docutils_core.publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5,
                                                                   "warning_stream": io.StringIO()})
    return sum(1 for node in tree.findall() if node.tagname == "system_message" and node["level"] >= 2)


def test_prose_gets_an_ignore_comment_before_its_paragraph():
    text = HEAD + "First paragraph.\n\nBuild it with mktap, then\nrun it with Lore.\n"
    result = silenced(text)
    assert result == HEAD + ("First paragraph.\n\n.. faq-check: ignore STL001, STL003\n\n"
                             "Build it with mktap, then\nrun it with Lore.\n")
    assert reST_problems(result) == reST_problems(text)


def test_a_python_line_gets_noqa_added_to_what_is_there():
    text = HEAD + (".. code-block:: python\n\n    import os\n    self.transport.write('hi')  # noqa: PY101\n")
    result = silenced(text)
    assert result == HEAD + (".. code-block:: python\n\n    import os  # noqa: PY102\n"
                             "    self.transport.write('hi')  # noqa: PY101, STL035\n")


def test_a_line_inside_a_string_or_a_python2_block_gets_an_ignore_comment():
    text = HEAD + ('.. code-block:: python\n\n    HELP = """\n    run mktap first\n    """\n\n'
                   ".. code-block:: python\n\n    print 'old'\n")
    result = silenced(text)
    assert result == HEAD + ('.. faq-check: ignore STL001\n\n.. code-block:: python\n\n'
                             '    HELP = """\n    run mktap first\n    """\n\n'
                             ".. faq-check: ignore PY002\n\n.. code-block:: python\n\n    print 'old'\n")
    assert reST_problems(result) == reST_problems(text)


def test_a_literal_block_is_silenced_before_the_paragraph_that_introduces_it():
    text = HEAD + "Run this::\n\n    print 'old'\n"
    result = silenced(text)
    assert result == HEAD + ".. faq-check: ignore PY002\n\nRun this::\n\n    print 'old'\n"
    assert reST_problems(result) == reST_problems(text)


def test_a_session_output_line_is_not_touched():
    text = HEAD + "Some text\n>>> f = Factory()\n>>> f\n<__main__.Factory instance at 0x846a0cc>\n"
    result = silenced(text)
    assert "<__main__.Factory instance at 0x846a0cc>\n" in result and "# noqa" not in result
    assert ".. faq-check: ignore STL032\n\n" in result


def test_files_are_written_and_the_tree_lints_clean(tmp_path):
    page = tmp_path / "page.rst"
    page.write_text(HEAD + "Use tapconvert.\n")
    status, out, err = run("--add-ignore", str(tmp_path))
    assert (status, out) == (0, "") and err.endswith("; 1 silenced\n")
    assert page.read_text() == HEAD + ".. faq-check: ignore STL002\n\nUse tapconvert.\n"
    assert run(str(tmp_path))[0] == 0
