"""
Python in the shapes docs show it: IPython sessions, keystrokes at a prompt,
``literalinclude :pyobject:`` checked where the object stands in its file,
and the fragments that are not meant to compile (elisions, output lines,
template placeholders, continued method chains, changelog samples).
"""

from __future__ import annotations

import sys
from pathlib import Path

from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.engine import lint_text

LISTINGS = Path(__file__).parent / "samples" / "listings"
TITLE = "Title\n=====\n\n"
#: Snippets that run together, as an answer's do: PY101 on (for a page given no path of its own:
#: a page given a path is judged where it stands, a conf.py beside it making it a Sphinx project's).
RUN = {"snippets_run": True}


def found(text: str, path: str | None = None) -> list[tuple[str, int, int]]:
    settings = RUN if path is None else None
    return [(f.code, f.line, f.column)
            for f in lint_text(TITLE + text, path=path or "page.rst", settings=settings, checks=[check_samples])]


def messages(text: str, path: str = "page.rst") -> list[str]:
    return [f.message for f in lint_text(TITLE + text, path=path, settings=RUN, checks=[check_samples])]


def test_an_ipython_session_is_read_input_by_input_and_its_errors_land_on_their_line():
    text = (".. code-block:: ipython\n\n"
            "    In [1]: import json\n\n"
            "    In [2]: data = json.loads('{}')\n"
            "       ...: for key in data:\n"
            "       ...:     print(key)\n"
            "    a\n\n"
            "    In [3]: %timeit json.dumps(data)\n"
            "    1.2 us per loop\n\n"
            "    In [4]: Out[2]\n\n"
            "    In [5]: x = (1,\n")
    assert found(text) == [("PY001", 18, 17)]


def test_an_ipython_session_in_a_literal_block_is_a_session_too():
    assert found("Like this::\n\n    In [1]: answer = 42\n\n    Out[1]: 42\n\n    In [2]: print(answer)\n") == []


def test_the_key_that_leaves_a_session_is_not_python():
    assert found(".. code-block:: pycon\n\n    >>> print('bye')\n    bye\n    >>> ^D\n") == []


def test_a_pyobject_include_is_checked_with_the_names_of_its_whole_file_at_the_file_lines(tmp_path):
    page = tmp_path / "howto.rst"
    (tmp_path / "echoserv.py").write_text((LISTINGS / "echoserv.py").read_text())
    text = TITLE + ".. literalinclude:: echoserv.py\n   :pyobject: main\n"
    findings = lint_text(text, path=str(page), settings=RUN, checks=[check_samples])
    assert [(f.code, f.line, f.message.split(":")[0]) for f in findings] == [
        ("PY101", 4, "echoserv.py line 17")]
    assert "undefined_flag" in findings[0].message


def test_a_pyobject_method_is_checked_dedented(tmp_path):
    (tmp_path / "echoserv.py").write_text((LISTINGS / "echoserv.py").read_text())
    text = TITLE + ".. literalinclude:: echoserv.py\n   :pyobject: Echo.dataReceived\n"
    assert lint_text(text, path=str(tmp_path / "howto.rst"), checks=[check_samples]) == []


def test_fragments_that_are_not_statements_are_not_syntax_errors():
    assert found(".. code-block:: python\n\n    c['secretsProviders'] = [ .. ]\n") == []
    assert found(".. code-block:: python\n\n    steps.SetProperty(..)\n") == []
    assert found(".. code-block:: python\n\n    print('value: %s' % value)\n    >> value: 3\n") == []
    assert found(".. code-block:: python\n\n    from buildbot.plugins import {kind}\n\n    x = 1\n") == []
    assert found(".. code-block:: python\n\n    Expect(['ls'])\n    .stdout(b'x')\n    .exit(0)\n") == []


def test_a_real_error_next_to_an_output_line_is_still_reported():
    text = ".. code-block:: python\n\n    print('value:', service.foo))\n    >> value: 3\n"
    assert found(text) == [("PY001", 6, 33)]


def test_samples_in_a_changelog_are_history(tmp_path):
    relnotes = tmp_path / "relnotes"
    relnotes.mkdir()
    text = ".. code-block:: python\n\n    Scheduler(name='tags'\n        treeStableTimer=None)\n"
    assert found(text, path=str(relnotes / "0.9.0.rst")) == []
    assert [code for code, *_ in found(text, path=str(tmp_path / "howto.rst"))] == ["PY001"]


def test_a_syntax_error_names_the_python_that_parsed_it_and_newer_f_string_grammar():
    (message,) = messages(".. code-block:: python\n\n    x = f'{d.get('k')}'\n")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert message.startswith(f"does not compile on Python {version}:")
    assert ("PEP 701" in message) == (sys.version_info < (3, 12))


def test_unused_names_a_fragment_means_to_show_are_not_reported(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Crawler'\n")
    page = str(tmp_path / "page.rst")
    elided = ("    async def parse(self, response):\n        extra = await fetch(response)\n"
              "        # ... use response and extra to yield items\n")
    last = "    def parse(self, response):\n        form = response.css('form')\n        data = build(form)\n"
    imports = "    from scrapy.linkextractors import LinkExtractor\n"
    for body in (elided, last, imports):
        assert [c for c, *_ in found(".. code-block:: python\n\n" + body, page)
                if c in ("PY102", "PY103")] == [], body
    real = "    import argparse\n\n    def f(x):\n        unused = 1\n        return x\n"
    assert [c for c, *_ in found(".. code-block:: python\n\n" + real, page)] == ["PY102", "PY103"]
    # where snippets run (an answer), only the elided use still excuses
    assert [c for c, *_ in found(".. code-block:: python\n\n" + imports)] == ["PY102"]
    assert [c for c, *_ in found(".. code-block:: python\n\n" + elided) if c in ("PY102", "PY103")] == []


def test_a_changelog_has_no_positional_references(tmp_path):
    from faq_checks.lint.checks.refs import check_refs
    text = TITLE + "The middleware now adds the following entry into the stats.\n"
    assert lint_text(text, path=str(tmp_path / "news.rst"), checks=[check_refs]) == []
    assert [f.code for f in lint_text(text, path=str(tmp_path / "faq.rst"), checks=[check_refs])] == ["REF003"]


def test_a_python_release_a_change_was_merged_in_is_history():
    from faq_checks.lint.checks.stale import check_stale
    text = TITLE + "The fix got merged in Python 2.5, but this only reduces the problem.\n"
    assert lint_text(text, checks=[check_stale]) == []


def test_a_star_import_follows_undefined_names_off_in_a_sphinx_project(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Buildbot'\n")
    text = TITLE + ".. code-block:: python\n\n    from buildbot.plugins import *\n    c['www'] = util.Authz()\n"
    assert lint_text(text, path=str(tmp_path / "www.rst"), checks=[check_samples]) == []
    assert "PY105" in {f.code for f in lint_text(text, path=str(tmp_path / "www.rst"), checks=[check_samples],
                                                   settings={"snippets_run": True})}


def test_the_removal_of_a_python_release_is_history():
    from faq_checks.lint.checks.stale import check_stale
    text = TITLE + "The primary changes are removal of deprecated APIs and removal of Python 2.7 support.\n"
    assert lint_text(text, checks=[check_stale]) == []


def test_a_result_assigned_over_several_lines_at_the_end_of_a_fragment_is_shown(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Buildbot'\n")
    body = ("    def test(self):\n        when = 3\n        requests = yield self.master.data.get(\n"
            "            ('buildrequests',),\n            filters=[when])\n")
    assert found(".. code-block:: python\n\n" + body, str(tmp_path / "data.rst")) == []


def test_a_lambda_before_a_call_is_not_a_tuple_parameter():
    text = (".. code-block:: python\n\n    s = Source(split=lambda f: f.split('/',1)),\n"
            "        link=lambda branch, revision: 'x/{}'.format(revision))\n")
    assert [code for code, *_ in found(text)] == ["PY001"]


def test_a_stub_body_is_not_an_elision_of_the_use_of_an_unused_import():
    body = ("    from twisted.web.static import File\n\n    class Demo:\n"
            "        def pongReceived(self, payload): ...\n")
    assert [code for code, *_ in found(".. code-block:: python\n\n" + body)] == ["PY102"]


def test_stale_code_in_an_included_file_says_where_in_it_once_per_line(tmp_path):
    """The finding stands on the directive; its message names the file's line, as PY findings do."""
    from faq_checks.lint.checks.stale import check_stale

    (tmp_path / "client.py").write_text("import sys\n\n\ndef hello(transport):\n"
                                        "    transport.write('hello')\n    transport.write('again')\n")
    text = TITLE + "The client:\n\n.. literalinclude:: client.py\n   :lines: 4-\n"
    findings = lint_text(text, path=str(tmp_path / "howto.rst"), checks=[check_stale])
    assert [(f.code, f.line, f.message.split(": ")[0]) for f in findings] == [
        ("STL035", 6, "client.py line 5"), ("STL035", 6, "client.py line 6")]


def test_lines_an_include_skips_keep_every_finding_at_its_own_file_line(tmp_path):
    """``:lines: 1,4-`` leaves lines 2-3 out: what follows the gap is still named by the file's numbering."""
    from faq_checks.lint.checks.stale import check_stale

    (tmp_path / "client.py").write_text("import sys\nimport json\n\nimport os\n\n\ndef hello(transport):\n"
                                        "    transport.write('hello')\n    transport.write(sys.argv[0])\n")
    text = TITLE + ".. literalinclude:: client.py\n   :lines: 1,4-\n"
    findings = lint_text(text, path=str(tmp_path / "howto.rst"), checks=[check_samples, check_stale])
    assert sorted((f.code, f.message.split(": ")[0]) for f in findings) == [
        ("PY102", "client.py line 4"), ("STL035", "client.py line 8")]
