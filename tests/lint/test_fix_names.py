"""
``--fix`` for what a block's syntax tree shows: ``returnValue(x)`` in an
``inlineCallbacks`` generator (API002), imports of modules Python 3 renamed
(STL015) and of removed Twisted modules with an exact replacement (API003).
Each fix is proven by linting the fixed text clean for its code and
compiling it; each refusal by the text coming back unchanged.
"""

from __future__ import annotations

import pytest

from faq_checks.lint.catalogue import builtin_catalogue
from faq_checks.lint.engine import lint_text
from tests.lint.support.fixing import assert_fixed_clean, fixed

HEAD = "Title\n=====\n\n.. code-block:: python\n\n"


def block(*lines: str) -> str:
    return HEAD + "".join(f"    {line}\n" if line else "\n" for line in lines)


def test_return_value_becomes_return_and_its_import_goes():
    text = block("from twisted.internet.defer import inlineCallbacks, returnValue",
                 "", "@inlineCallbacks", "def answer(d):", "    value = yield d", "    returnValue(value * 2)",
                 "", "answer")
    result = fixed(text)
    assert result == block("from twisted.internet.defer import inlineCallbacks",
                           "", "@inlineCallbacks", "def answer(d):", "    value = yield d", "    return value * 2",
                           "", "answer")
    assert_fixed_clean(result, "API002")


def test_defer_return_value_and_an_import_of_it_alone():
    text = (HEAD + "    from twisted.internet import defer\n\n    @defer.inlineCallbacks\n    def f(d):\n"
            "        yield d\n        defer.returnValue(1)\n\n    f\n\n"
            ">>> from twisted.internet.defer import returnValue, inlineCallbacks\n"
            ">>> @inlineCallbacks\n... def g():\n...     yield None\n...     returnValue(2)\n")
    result = fixed(text)
    assert result == (HEAD + "    from twisted.internet import defer\n\n    @defer.inlineCallbacks\n    def f(d):\n"
                      "        yield d\n        return 1\n\n    f\n\n"
                      ">>> from twisted.internet.defer import inlineCallbacks\n"
                      ">>> @inlineCallbacks\n... def g():\n...     yield None\n...     return 2\n")
    assert_fixed_clean(result, "API002")


@pytest.mark.parametrize("body", [
    # not a generator: returnValue raises out of a plain function
    ("@inlineCallbacks", "def f():", "    returnValue(1)"),
    # not under inlineCallbacks
    ("def f():", "    yield 1", "    returnValue(1)"),
    # a nested function's returnValue would become that function's return
    ("@inlineCallbacks", "def f():", "    yield 1", "    def inner():", "        returnValue(1)", "    inner()"),
    # a bare except catches what returnValue raises; a return it would not
    ("@inlineCallbacks", "def f():", "    yield 1", "    try:", "        returnValue(1)", "    except:", "        pass"),
    # a context manager sees the exception, and may swallow it
    ("@inlineCallbacks", "def f(lock):", "    yield 1", "    with lock:", "        returnValue(1)"),
    # passed around as a value: the import stays, so nothing is fixed at it
    ("@inlineCallbacks", "def f():", "    yield 1", "    returnValue(1)", "", "g = returnValue"),
])
def test_return_value_is_left_where_return_could_differ(body):
    text = block("from twisted.internet.defer import inlineCallbacks, returnValue", "", *body)
    assert [f.fix for f in lint_text(text) if f.code == "API002"] == [None]
    assert fixed(text) == text


@pytest.mark.parametrize("before, after", [
    ("from urlparse import urljoin, urlsplit", "from urllib.parse import urljoin, urlsplit"),
    ("from xmlrpclib import ServerProxy", "from xmlrpc.client import ServerProxy"),
    ("import cPickle as pickle", "import pickle"),
    ("import Queue as q", "import queue as q"),
])
def test_python2_module_imports(before, after):
    text = block(before, "print(dir())")
    result = fixed(text)
    assert result == block(after, "print(dir())")
    assert_fixed_clean(result, "STL015")


@pytest.mark.parametrize("line", [
    "import urlparse",                           # every urlparse.x would need rewriting
    "from urllib2 import urlopen",               # urllib2 was split in two
    "from cStringIO import StringIO",            # text or bytes?
    "from HTMLParser import HTMLParseError",     # not in html.parser any more
    "from urlparse import *",
])
def test_python2_imports_that_are_not_certain_are_left(line):
    text = block(line, "print(dir())")
    assert fixed(text) == text


def test_a_fallback_import_is_left_as_the_example_it_is():
    # Twisted 15.5's coding standard shows this fallback on purpose.
    text = block("try:", "    import cPickle as pickle", "except ImportError:", "    import pickle", "pickle")
    assert fixed(text) == text


def test_an_alias_is_renamed_only_if_the_new_module_has_what_is_used():
    text = block("import HTMLParser as hp", "hp.HTMLParseError")
    assert fixed(text) == text


def test_removed_twisted_modules_with_an_exact_replacement():
    text = block("from twisted.python.constants import NamedConstant, Names",
                 "from twisted.python.hashlib import md5", "print(NamedConstant, Names, md5)")
    result = fixed(text)
    assert result == block("from constantly import NamedConstant, Names", "from hashlib import md5",
                           "print(NamedConstant, Names, md5)")
    assert_fixed_clean(result, "API003")


def test_removed_names_without_an_exact_replacement_are_left():
    text = block("from twisted.web.client import getPage", "print(getPage)")
    assert fixed(text) == text


def test_every_python2_module_in_the_table_is_flagged_by_stl015_and_imports():
    import importlib
    for old, new in builtin_catalogue().python2_modules.items():
        assert "STL015" in [f.code for f in lint_text(block(f"from {old} import x"))], old
        importlib.import_module(new)


def test_every_exact_replacement_resolves_and_is_not_deprecated():
    import importlib
    import warnings
    for entry in builtin_catalogue().removed.values():
        if entry.renamed_to:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                importlib.import_module(entry.renamed_to)


@pytest.mark.parametrize("table, problem", [
    ('[[python2_module]]\nname = "urlparse"\npython3 = "urllib.parse"\nrenamed = "x"\n', "cat.toml:4: entry #1: renamed: unknown key"),
    ('[[python2_module]]\nname = "a"\npython3 = "b"\n[[python2_module]]\nname = "a"\npython3 = "c"\n',
     ":4: entry #2: a is listed twice"),
    ('[[removed]]\nname = "twisted.x"\nremoved_in = "1.0"\nreplacement = "y"\nrenamed_to = "not a name"\n',
     "'not a name' is not a dotted name"),
])
def test_rename_tables_are_validated(table, problem):
    from faq_checks.lint.catalogue import CatalogueError, parse_catalogue
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(table, "cat.toml")
    assert problem in str(raised.value)


def test_later_rounds_fix_what_the_first_report_did_not_show(tmp_path):
    # A removed name is reported once per document: the second import shows up once the first is fixed.
    from tests.lint.support.fixing import run
    page = tmp_path / "page.rst"
    page.write_text(block("from twisted.python.constants import Names", "print(Names)", "",
                          "from twisted.python.constants import Names as N2", "print(N2)"))
    assert [f.code for f in lint_text(page.read_text())] == ["API003"]
    status, out, err = run("--diff", str(page))
    assert status == 1 and "1 of 1 findings fixable; 1 more once those are fixed, in 1 file" in err
    status, out, err = run("--fix", str(page))
    assert (status, err.split("; ")[-1]) == (0, "2 fixed\n")
    assert "twisted.python" not in page.read_text()
