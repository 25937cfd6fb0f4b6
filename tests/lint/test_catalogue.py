"""The stale-advice catalogue: every entry's fixtures, and strict validation."""

from __future__ import annotations

import textwrap

import pytest

from faq_checks.lint import catalogue, codes
from faq_checks.lint.catalogue import CatalogueError, builtin_catalogue, load_catalogue, parse_catalogue
from faq_checks.lint.catalogue_entries import Gone
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint_text
from faq_checks.lint.history import came_back
from faq_checks.lint.model import CODE_PATTERN

ENTRIES = builtin_catalogue().entries


def as_document(text: str, in_code: bool) -> str:
    """The fixture as a paragraph, or as the body of a code block, under a title."""
    if in_code:
        return "Title\n=====\n\n.. code-block:: text\n\n" + textwrap.indent(text, "    ") + "\n"
    return "Title\n=====\n\n" + text + "\n"


def codes_in(text: str, in_code: bool) -> set[str]:
    return {f.code for f in lint_text(as_document(text, in_code), checks=[check_stale])}


def placements(entry) -> list[bool]:
    return [False] * entry.in_prose() + [True] * entry.in_code()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.code)
def test_fixture_that_must_match_is_reported_through_the_linter(entry):
    for text in entry.fixture_match:
        for in_code in placements(entry):
            assert entry.code in codes_in(text, in_code), (text, "code" if in_code else "prose")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.code)
def test_fixture_that_must_not_match_is_not_reported(entry):
    for text in entry.fixture_clean:
        for in_code in placements(entry):
            assert entry.code not in codes_in(text, in_code), (text, "code" if in_code else "prose")


def test_codes_are_unique_stable_and_not_fixed_codes():
    found = [entry.code for entry in ENTRIES]
    assert len(found) == len(set(found))
    assert all(CODE_PATTERN.match(code) and code.startswith("STL") for code in found)
    assert not set(found) & set(codes.BY_CODE) and not set(found) & codes.RETIRED
    assert {rule.code for rule in catalogue.all_rules()} >= set(found)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.gone], ids=lambda e: e.code)
def test_what_history_may_call_gone_is_gone_here(entry):
    assert came_back(entry.gone) == ()


@pytest.mark.parametrize("name", sorted(builtin_catalogue().removed))
def test_removed_names_do_not_resolve_on_the_installed_twisted(name):
    assert came_back(Gone(name=name)) == ()


def test_a_probe_notices_what_exists():
    assert came_back(Gone(module="json", name="os.path.join", script="twistd")) != ()


GOOD = """\
[[rule]]
code = "STL900"
title = "a test rule"
match = '\\bfrobnicate\\b'
where = "prose"
message = "Do not frobnicate."
stale_since = "1.0.0"
severity = "warning"
fixture_match = "then frobnicate it"
fixture_clean = "then fix it"
"""


@pytest.mark.parametrize("edit, problem, line", [
    (("severity = \"warning\"", "severity = \"fatal\""), "severity", 8),
    (("where = \"prose\"", "where = \"docs\""), "where", 5),
    (("code = \"STL900\"", "code = \"stl900\""), "code", 2),
    (("code = \"STL900\"", "code = \"REF001\""), "code", 2),
    (("match = '\\bfrobnicate\\b'", "match = 'frob(nicate'"), "bad regular expression", 4),
    (("stale_since = \"1.0.0\"", "stale_since = \"long ago\""), "stale_since", 7),
    (("fixture_clean = \"then fix it\"", "fixture_clean = \"frobnicate\""), "fixture_clean", 10),
    (("fixture_match = \"then frobnicate it\"", "fixture_match = \"then fix it\""), "fixture_match", 9),
    (("title = \"a test rule\"", "title = \"a test rule\"\ncolour = \"red\""), "unknown key", 4),
    (("title = \"a test rule\"\n", ""), "missing key", 1),
    (("where = \"prose\"", "where = \"prose\"\nhorizon = \"twisted\""), "version", 4),
    (("message = \"Do not frobnicate.\"", "message = \"Not {thing}.\""), "placeholder", 6),
    (("where = \"prose\"", "where = \"prose\"\ngone = { package = \"x\" }"), "unknown key", 1),
    (("message = \"Do not frobnicate.\"", "message = \"Do not: {instead}.\"\ninstead = { frobnicate = \"fix\" }"),
     'needs a "*" entry', 7),
    (("message = \"Do not frobnicate.\"", "message = \"Do not: {instead}.\"\ninstead = { \"*\" = 3 }"),
     "must be a table of non-empty strings", 7),
    (("message = \"Do not frobnicate.\"", "message = \"Do not: {instead}.\""), "unknown placeholder", 6),
])
def test_a_bad_entry_is_an_error_naming_file_entry_and_line(edit, problem, line):
    text = GOOD.replace(*edit)
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(text, "rules.toml")
    message = str(raised.value)
    assert message.startswith(f"rules.toml:{line}: entry ")
    assert problem in message


def test_instead_gives_the_advice_listed_for_what_matched_and_the_star_for_the_rest():
    text = GOOD.replace("frobnicate\\b", "frob(?:nicate|ulate)\\b").replace(
        'message = "Do not frobnicate."', 'message = "Do not {matched}: {instead}."\n'
                                          'instead = { frobnicate = "fix it", "*" = "ask first" }')
    (entry,) = parse_catalogue(text, "rules.toml").entries
    assert entry.describe(entry.pattern.search("then frobnicate it"), {}) == "Do not frobnicate: fix it."
    assert entry.describe(entry.pattern.search("then frobulate it"), {}) == "Do not frobulate: ask first."


def test_a_duplicate_code_is_an_error_at_the_second_entry():
    with pytest.raises(CatalogueError, match=r"^rules.toml:12: entry STL900: code STL900 is already used"):
        parse_catalogue(GOOD + "\n" + GOOD, "rules.toml")


def test_an_unknown_table_is_an_error():
    with pytest.raises(CatalogueError, match="unknown table"):
        parse_catalogue(GOOD + "\n[[rules]]\n", "rules.toml")


def test_a_bad_removed_entry_is_an_error():
    text = '[[removed]]\nname = "twisted.lore"\nremoved_in = "soon"\nreplacement = "Sphinx"\n'
    with pytest.raises(CatalogueError, match=r"^rules.toml:3: entry #1: removed_in"):
        parse_catalogue(text, "rules.toml")


PYPROJECT = """\
[project]
name = "x"

[tool.faq-check]
select = ["STL"]

[[tool.faq-check.catalogue]]
code = "ACME001"
title = "our old host"
match = 'old\\.example\\.com'
where = "both"
message = "Use new.example.com."
stale_since = "2024-01-01"
severity = "error"
fixture_match = "see old.example.com"
fixture_clean = "see new.example.com"
"""


def test_project_rules_extend_the_catalogue_and_are_reported(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT)
    import tomllib
    extra = tomllib.loads(PYPROJECT)["tool"]["faq-check"]["catalogue"]
    catalogue = load_catalogue(extra, str(pyproject))
    assert catalogue.codes()[-1] == "ACME001"
    settings = {"catalogue": extra, "config_path": str(pyproject)}
    findings = lint_text("Title\n=====\n\nSee old.example.com today.\n", settings=settings, checks=[check_stale])
    assert [(f.code, f.line, f.column) for f in findings] == [("ACME001", 4, 5)]


def test_a_bad_project_rule_names_pyproject_and_its_line(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    text = PYPROJECT.replace('severity = "error"', 'severity = "loud"')
    pyproject.write_text(text)
    import tomllib
    extra = tomllib.loads(text)["tool"]["faq-check"]["catalogue"]
    with pytest.raises(CatalogueError, match=rf"^{pyproject}:14: entry ACME001: severity"):
        load_catalogue(extra, str(pyproject))


def test_a_project_rule_may_not_take_a_builtin_code(tmp_path):
    extra = [dict(code="STL001", title="t", match="x", where="prose", message="m", stale_since="1.0",
                  severity="error", fixture_match="x", fixture_clean="y")]
    with pytest.raises(CatalogueError, match="already used"):
        load_catalogue(extra, str(tmp_path / "pyproject.toml"))


def test_a_script_probe_alone_notices_an_installed_script():
    assert came_back(Gone(script="twistd")) == ("console script twistd is installed",)
    assert came_back(Gone(script="no-such-script-faq-check")) == ()


def test_probing_a_gone_script_imports_nothing_into_the_linter(tmp_path):
    """
    The script probe is the resolver child's: a lint that meets a gone
    script in history never imports importlib.metadata itself (~45 ms in
    every worker that met one).
    """
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from faq_checks.lint.engine import lint_text\n"
        "lint_text('History\\n=======\\n\\n.. faq-check: history\\n\\nWe used to run mktap here.\\n')\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
