"""
One fault said on several lines of one element is one finding naming the
other lines (``faq_checks.lint.grouping``): a pasted Python 2 traceback with
``/usr/lib/python2.7`` on every frame, a deprecated reactor imported and
installed, a paragraph naming ``xmlrpclib`` twice.  Text, JSON, GitHub and
SARIF output say where else; silencers, fixes and ``--add-ignore`` still see
every line.
"""

from __future__ import annotations

import json

from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint_text
from tests.lint.support.fixing import run

HEAD = "Reconfiguring\n=============\n\n"
TRACEBACK = HEAD + """\
When the new configuration has a typo, the log says so::

    Traceback (most recent call last):
      File "/usr/lib/python2.7/dist-packages/relay/master.py", line 20, in reload
        self.load()
      File "/usr/lib/python2.7/dist-packages/relay/config.py", line 41, in load
        exec(source, namespace)
      File "/usr/lib/python2.7/dist-packages/relay/config.py", line 77, in check
        raise ConfigError(problem)

Fix the file and reload again::

    File "/usr/lib/python2.7/dist-packages/relay/master.py", line 20, in reload
"""


def test_a_transcript_repeating_one_stale_path_is_one_finding_per_block_naming_the_other_lines():
    found = [(f.code, f.line, f.also) for f in lint_text(TRACEBACK)]
    assert found == [("STL012", 7, ((9, 22), (11, 22))), ("STL012", 16, ())]


def test_text_and_github_output_say_where_else_json_and_sarif_give_the_places():
    status, out, _ = run("-", "--stdin-filename", "tour.rst", stdin=TRACEBACK)
    first, second = out.splitlines()
    assert status == 1 and first.startswith("tour.rst:7:22: STL012 ") and first.endswith(" (also lines 9, 11)")
    assert not second.endswith(")")
    status, out, _ = run("--format", "github", "-", "--stdin-filename", "tour.rst", stdin=TRACEBACK)
    assert out.splitlines()[0].endswith(" (also lines 9, 11)")
    status, out, _ = run("--format", "json", "-", "--stdin-filename", "tour.rst", stdin=TRACEBACK)
    first, second = json.loads(out)["findings"]
    assert first["also"] == [{"line": 9, "column": 22}, {"line": 11, "column": 22}] and second["also"] == []
    assert "also line" not in first["message"]  # the message is the rule's; the places are data
    status, out, _ = run("--format", "sarif", "-", "--stdin-filename", "tour.rst", stdin=TRACEBACK)
    first, second = json.loads(out)["runs"][0]["results"]
    related = [loc["physicalLocation"]["region"] for loc in first["relatedLocations"]]
    assert related == [{"startLine": 9, "startColumn": 22}, {"startLine": 11, "startColumn": 22}]
    assert "relatedLocations" not in second


def test_an_import_and_a_use_of_one_deprecated_module_in_one_sample_are_one_finding():
    text = HEAD + ".. code-block:: python\n\n    from twisted.internet import gtk2reactor\n    gtk2reactor.install()\n"
    (finding,) = [f for f in lint_text(text) if f.code == "API002"]
    assert (finding.line, finding.also) == (6, ((7, 5),))


def test_different_messages_in_one_block_stay_apart():
    text = HEAD + ".. code-block:: python\n\n    import xmlrpclib\n    import cPickle\n"
    found = [(f.code, f.line, f.also) for f in lint_text(text, checks=[check_stale])]
    assert found == [("STL015", 6, ()), ("STL015", 7, ())]


def test_a_silenced_line_leaves_the_others_reported():
    text = HEAD + (".. code-block:: python\n\n    import xmlrpclib  # noqa: STL015\n"
                   "    proxy = xmlrpclib.ServerProxy(url)\n    Fault = xmlrpclib.Fault\n")
    assert [(f.code, f.line, f.also) for f in lint_text(text, checks=[check_stale])] == [("STL015", 7, ((8, 13),))]


def test_findings_with_a_fix_are_never_folded():
    text = HEAD + ".. code-block:: python\n\n" + "    run(installSignalHandlers=0)\n" * 2
    found = [(f.code, f.line, f.also, f.fix is not None) for f in lint_text(text, checks=[check_stale])]
    assert found == [("STL041", 6, (), True), ("STL041", 7, (), True)]


def test_add_ignore_silences_every_line_a_finding_stands_for():
    text = HEAD + ".. code-block:: python\n\n    from twisted.internet import gtk2reactor\n    gtk2reactor.install()\n"
    status, out, err = run("--add-ignore", "-", "--stdin-filename", "doc.rst", stdin=text)
    assert status == 0 and err.endswith("; 1 silenced\n"), err
    assert out.count("# noqa: API002") == 2
    assert lint_text(out) == []
