"""
``faq-check lint --fix`` / ``--diff`` on Python 2 samples (PY002), in every
form of code block the lexers know, and the CLI around the fixes.

Each fix is proven the same way: the fixed text lints clean for the code
and every Python block in it compiles (``assert_fixed_clean``); and the
text is compared whole, so indentation and prompts are seen to be kept.
"""

from __future__ import annotations

import json
import os

import pytest

from faq_checks.lint.engine import lint_text
from tests.lint.support.fixing import assert_fixed_clean, fixed, run

HEAD = "Title\n=====\n\n"


@pytest.mark.parametrize("before, after", [
    ('print "hello", name', 'print("hello", name)'),
    ("print >>sys.stderr, 'oops',", "print('oops', end=' ', file=sys.stderr)"),
    ('print "%d items" % len(items)', 'print("%d items" % len(items))'),
    ("x = `value`", "x = repr(value)"),
    ("os.chmod(path, 0755)", "os.chmod(path, 0o755)"),
    ("if a <> b: pass", "if a != b: pass"),
])
def test_python2_lines_in_a_code_block(before, after):
    text = HEAD + ".. code-block:: python\n\n    import os, sys\n    " + before + "\n"
    result = fixed(text)
    assert result == HEAD + ".. code-block:: python\n\n    import os, sys\n    " + after + "\n"
    assert_fixed_clean(result, "PY002")


def test_except_clause_keeps_the_block_and_its_comment():
    text = HEAD + (".. code-block:: python\n\n"
                   "   try:\n"
                   "       run()\n"
                   "   except (IOError, OSError), e:  # the old way\n"
                   "       print 'failed:', e\n\nAfter.\n")
    result = fixed(text)
    assert result == HEAD + (".. code-block:: python\n\n"
                             "   try:\n"
                             "       run()\n"
                             "   except (IOError, OSError) as e:  # the old way\n"
                             "       print('failed:', e)\n\nAfter.\n")
    assert_fixed_clean(result, "PY002")


def test_a_print_statement_over_two_lines_keeps_its_lines():
    text = HEAD + '::\n\n    import sys\n    print >>sys.stderr, "%s and %s" % (one,\n                                       two)\n'
    result = fixed(text)
    assert result == HEAD + ('::\n\n    import sys\n    print("%s and %s" % (one,\n'
                             '                                       two), file=sys.stderr)\n')
    assert_fixed_clean(result, "PY002")


def test_literal_block_after_a_paragraph():
    text = HEAD + "Run this::\n\n  from twisted.internet import reactor\n  print 'starting'\n  reactor.run()\n"
    result = fixed(text)
    assert result == HEAD + "Run this::\n\n  from twisted.internet import reactor\n  print('starting')\n  reactor.run()\n"
    assert_fixed_clean(result, "PY002")


def test_session_prompts_and_output_are_kept():
    text = HEAD + ">>> x = 2\n>>> print x * 21\n42\n>>> for i in [1]:\n...     print `i`\n1\n"
    result = fixed(text)
    assert result == HEAD + ">>> x = 2\n>>> print(x * 21)\n42\n>>> for i in [1]:\n...     print(repr(i))\n1\n"
    assert_fixed_clean(result, "PY002")


def test_doctest_directive_indented_session():
    text = HEAD + ".. doctest::\n\n   >>> print 'a' + 'b'\n   ab\n"
    result = fixed(text)
    assert result == HEAD + ".. doctest::\n\n   >>> print('a' + 'b')\n   ab\n"
    assert_fixed_clean(result, "PY002")


def test_a_block_that_still_would_not_compile_is_not_fixed():
    # ``raise E, V`` is not rewritten (V may hold a tuple), so the block would
    # still fail to compile: its print statement is left too.
    text = HEAD + ".. code-block:: python\n\n    print 'x'\n    raise ValueError, args\n"
    assert [f.fix for f in lint_text(text) if f.code == "PY002"] == [None, None]
    assert fixed(text) == text


def test_tuple_parameters_are_not_fixed():
    text = HEAD + ".. code-block:: python\n\n    def f((a, b)):\n        print a\n"
    assert fixed(text) == text


def test_a_tab_indented_block_is_not_fixed():
    text = HEAD + "::\n\n\tprint 'tabbed'\n"
    assert [f.code for f in lint_text(text)] == ["PY002"]
    assert fixed(text) == text


def test_included_files_are_never_edited(tmp_path):
    (tmp_path / "old.py").write_text("print 'included'\n")
    doc = tmp_path / "doc.rst"
    doc.write_text(HEAD + ".. literalinclude:: old.py\n")
    status, out, err = run("--fix", str(doc))
    assert (tmp_path / "old.py").read_text() == "print 'included'\n"
    assert "PY002" in out and err.endswith("; 0 fixed\n")


def test_diff_prints_and_changes_nothing(tmp_path):
    doc = tmp_path / "doc.rst"
    text = HEAD + ".. code-block:: python\n\n    print 'hi'\n"
    doc.write_text(text)
    status, out, err = run("--diff", str(doc))
    assert status == 1 and doc.read_text() == text
    assert out.splitlines()[2:] == ["@@ -3,4 +3,4 @@", " ", " .. code-block:: python", " ",
                                    "-    print 'hi'", "+    print('hi')"]
    assert "1 of 1 findings fixable" in err
    clean = tmp_path / "clean.rst"
    clean.write_text(HEAD + "Nothing old.\n")
    assert run("--diff", str(clean))[:2] == (0, "")


def test_diff_of_a_long_page_shows_only_the_changed_lines():
    # difflib's unified_diff treats a line found in over 1% of a 200-line
    # page as junk: the blank indented lines showed as removed and added.
    from faq_checks.lint.fix import unified_diff
    before = "".join(f"    x{i} = {i}\n    \n" for i in range(150)) + "    print 'a'\n    \n    print 'b'\n"
    after = before.replace("print 'a'", "print('a')").replace("print 'b'", "print('b')")
    changed = [line for line in unified_diff("p.rst", before, after).splitlines()[2:] if line[:1] in "+-"]
    assert changed == ["-    print 'a'", "-    print 'b'", "+    print('a')", "+    print('b')"] or changed == [
        "-    print 'a'", "+    print('a')", "-    print 'b'", "+    print('b')"]


def test_fix_writes_the_file_keeps_crlf_bom_and_mode_and_reports_what_is_left(tmp_path):
    doc = tmp_path / "doc.rst"
    text = HEAD + ".. code-block:: python\n\n    import os\n    print 'hi'\n    os.chmod('f', 0755)\n"
    doc.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    os.chmod(doc, 0o640)
    status, out, err = run("--fix", str(doc))
    expected = text.replace("print 'hi'", "print('hi')").replace("0755", "0o755")
    assert doc.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()
    assert os.stat(doc).st_mode & 0o777 == 0o640
    assert (status, out) == (0, "")
    assert err == "0 findings in 1 file (0 errors, 0 warnings); 2 fixed\n"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.rst"]  # no temporary file left


def test_fix_reports_findings_the_rewrite_uncovers(tmp_path):
    doc = tmp_path / "doc.rst"
    doc.write_text(HEAD + ".. code-block:: python\n\n    import os\n    print 'hi'\n")
    status, out, err = run("--fix", str(doc))
    assert status == 1 and " PY102 " in out  # pyflakes reads the block now that it compiles
    assert err.endswith("; 1 fixed\n")


def test_stdin_with_fix_writes_the_fixed_text_to_stdout():
    text = HEAD + ".. code-block:: python\n\n    print 'hi'\n"
    status, out, err = run("--fix", "-", "--stdin-filename", "docs/x.rst", stdin=text)
    assert (status, out) == (0, text.replace("print 'hi'", "print('hi')"))
    assert err.endswith("; 1 fixed\n")
    assert run("--fix", "-", stdin=HEAD + "Clean.\n")[1] == HEAD + "Clean.\n"


def test_text_and_summary_say_what_is_fixable(tmp_path):
    doc = tmp_path / "doc.rst"
    doc.write_text(HEAD + ".. code-block:: python\n\n    print 'hi'\n    def f((a, b)): pass\n")
    status, out, err = run(str(doc))
    assert err.endswith("; 0 fixable\n")  # the tuple parameter keeps the block from compiling
    doc.write_text(HEAD + ".. code-block:: python\n\n    print 'hi'\n")
    status, out, err = run(str(doc))
    assert out.endswith(" (fixable)\n") and err.endswith("; 1 fixable\n")


def test_json_carries_the_fix(tmp_path):
    doc = tmp_path / "doc.rst"
    doc.write_text(HEAD + ".. code-block:: python\n\n    print 'hi'\n")
    (finding,) = json.loads(run("--format", "json", str(doc))[1])["findings"]
    assert finding["fix"]["description"].startswith("rewrite the Python 2 syntax")
    assert finding["fix"]["edits"] == [{"start": {"line": 6, "column": 10}, "end": {"line": 6, "column": 15},
                                        "replacement": "('hi')"}]


def test_fix_diff_and_add_ignore_exclude_each_other(capsys):
    assert run("--fix", "--diff", "x.rst")[0] == 2  # argparse explains on the real stderr
    assert "not allowed with argument --fix" in capsys.readouterr().err
    assert run("--diff", "--add-ignore", "x.rst")[0] == 2
    assert "not allowed with argument --diff" in capsys.readouterr().err
