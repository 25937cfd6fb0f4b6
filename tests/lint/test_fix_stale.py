"""
``--fix`` for stale-advice rules that carry a ``fix`` in the catalogue
(``installSignalHandlers=0`` -> ``False``, STL041), in each kind of code
block, and the catalogue's checks of such a fix.
"""

from __future__ import annotations

import io

import pytest

from faq_checks.lint.catalogue import CatalogueError, parse_catalogue
from faq_checks.lint.cli import main
from faq_checks.lint.engine import lint_text
from tests.lint.support.fixing import assert_fixed_clean, fixed

HEAD = "Title\n=====\n\n"
CALL = "reactor.run(installSignalHandlers=0)"


@pytest.mark.parametrize("before", [
    ".. code-block:: python\n\n    from twisted.internet import reactor\n    {call}\n",
    "Start it::\n\n    from twisted.internet import reactor\n    {call}\n",
    ">>> from twisted.internet import reactor\n>>> {call}\n",
    ".. doctest::\n\n   >>> from twisted.internet import reactor\n   >>> {call}\n",
])
def test_install_signal_handlers_zero_becomes_false(before):
    text = HEAD + before.format(call=CALL)
    assert "STL041" in {f.code for f in lint_text(text)}
    result = fixed(text)
    assert result == HEAD + before.format(call="reactor.run(installSignalHandlers=False)")
    assert_fixed_clean(result, "STL041")


def test_a_block_that_does_not_compile_is_not_fixed():
    text = HEAD + ".. code-block:: python\n\n    reactor.run(installSignalHandlers=0)\n    def broken(:\n"
    assert fixed(text) == text


def test_a_project_catalogue_entry_can_carry_a_fix(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.faq-check.catalogue]]\ncode = "XYZ001"\ntitle = "old factory"\nmatch = "\\\\bOldFactory\\\\b"\n'
        'where = "code"\nmessage = "say NewFactory"\nstale_since = "20.3.0"\nseverity = "warning"\n'
        'fix = "NewFactory"\nfixture_match = ["f = OldFactory()"]\nfixture_clean = ["f = NewFactory()"]\n')
    page = tmp_path / "page.rst"
    page.write_text(HEAD + ".. code-block:: python\n\n    f = OldFactory()\n")
    err = io.StringIO()
    assert main(["--fix", str(page)], stdout=io.StringIO(), stderr=err) == 0  # fixed, nothing left (a fragment)
    assert page.read_text() == HEAD + ".. code-block:: python\n\n    f = NewFactory()\n", err.getvalue()
    assert err.getvalue().endswith("; 1 fixed\n")


RULE = ('[[rule]]\ncode = "STL900"\ntitle = "t"\nmatch = "\\\\bold\\\\b"\nwhere = "{where}"\nmessage = "m"\n'
        'stale_since = "20.3.0"\nseverity = "warning"\nfix = "{fix}"\nfixture_match = ["old x"]\nfixture_clean = ["new x"]\n')


@pytest.mark.parametrize("where, fix, problem", [
    ("prose", "new", "only code is fixed"),
    ("code", "old", "with the fix applied still matches"),
])
def test_a_fix_is_validated_on_the_fixtures(where, fix, problem):
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(RULE.format(where=where, fix=fix), "cat.toml")
    assert problem in str(raised.value) and "cat.toml:9" in str(raised.value)
