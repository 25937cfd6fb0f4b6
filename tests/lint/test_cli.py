"""``faq-check lint``: exit codes, formats, selection, suppression and errors."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from faq_checks.lint.cli import main

SAMPLES = Path(__file__).parent / "samples"
PY2 = 'Title\n=====\n\n.. code-block:: python\n\n   print "old"\n'
CLEAN = "Title\n=====\n\n.. code-block:: python\n\n   print(1)\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["--no-config", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def codes(out: str) -> list[tuple[str, int]]:
    """(code, line) of each ``path:line:col: CODE message`` line."""
    return [(m["code"], int(m["line"])) for m in re.finditer(r"^.*?:(?P<line>\d+):\d+: (?P<code>\w+) ", out, re.M)]


def test_exit_0_when_clean_and_1_with_findings(tmp_path):
    assert run(write(tmp_path, "clean.rst", CLEAN)) == (0, "", "0 findings in 1 file (0 errors, 0 warnings); 0 fixable\n")
    status, out, err = run(write(tmp_path, "old.rst", PY2))
    assert status == 1 and err == "1 finding in 1 file (1 error, 0 warnings); 1 fixable\n"
    assert out.startswith(f"{tmp_path}/old.rst:6:4: PY002 ")


def test_directories_are_walked_for_rst_files(tmp_path):
    write(tmp_path, "a/one.rst", PY2)
    write(tmp_path, "a/b/two.rst", PY2)
    write(tmp_path, "a/notes.txt", PY2)
    status, out, _ = run(str(tmp_path / "a"))
    assert status == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [f"{tmp_path}/a/b/two.rst", f"{tmp_path}/a/one.rst"]


def test_unreadable_input_exits_2_and_the_rest_is_still_checked(tmp_path):
    bad = shutil.copy(SAMPLES / "not-utf8.rst", tmp_path / "not-utf8.rst")
    status, out, err = run(str(bad), str(tmp_path / "missing.rst"), write(tmp_path, "old.rst", PY2))
    assert status == 2
    assert "PY002" in out
    assert "not-utf8.rst" in err and "missing.rst" in err


def test_usage_errors_exit_2(capsys):
    assert main(["--format", "xml"]) == 2
    assert main(["--select", "not a code"]) == 2
    assert "usage" in capsys.readouterr().err


def test_json_is_one_object_with_exactly_the_keys(tmp_path):
    write(tmp_path, "old.rst", PY2)
    write(tmp_path, "clean.rst", CLEAN)
    status, out, _ = run("--format", "json", str(tmp_path))
    document = json.loads(out)
    assert status == 1
    assert set(document) == {"files", "findings", "errors"} and document["files"] == 2
    assert document["errors"] == []
    (finding,) = document["findings"]
    assert set(finding) == {"path", "line", "column", "code", "severity", "message", "fix", "also"}
    assert (finding["code"], finding["line"], finding["column"], finding["severity"]) == ("PY002", 6, 4, "error")
    (edit,) = finding["fix"]["edits"]
    assert edit["start"]["line"] == edit["end"]["line"] == 6 and edit["replacement"].startswith("(")


def test_github_annotations(tmp_path):
    path = write(tmp_path, "old.rst", PY2)
    _, out, _ = run("--format", "github", path)
    assert out.startswith(f"::error file={path},line=6,col=4,title=PY002::")
    assert out.count("\n") == 1


def test_sarif_is_2_1_0_with_rules_and_results(tmp_path):
    path = write(tmp_path, "old.rst", PY2)
    status, out, _ = run("--format", "sarif", path)
    log = json.loads(out)
    assert status == 1
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    (result,) = run_["results"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "PY002"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 6, "startColumn": 4}
    assert location["artifactLocation"]["uri"] == Path(path).as_uri()


def test_select_and_ignore(tmp_path):
    path = write(tmp_path, "doc.rst", PY2 + "\n.. code-block:: python\n\n   import os\n   print('unused')\n")
    assert codes(run(path)[1]) == [("PY002", 6), ("PY102", 10)]
    assert codes(run("--select", "PY1", path)[1]) == [("PY102", 10)]
    assert codes(run("--ignore", "PY102", path)[1]) == [("PY002", 6)]
    assert run("--select", "PY002", "--ignore", "PY0", path)[0] == 0


def test_a_comment_silences_one_code_on_the_next_element_only(tmp_path):
    text = ("Title\n=====\n\n.. faq-check: ignore PY002\n\n.. code-block:: python\n\n   print 'a'\n\n"
            ".. code-block:: python\n\n   print 'b'\n\n.. faq-check: ignore PY101\n\n"
            ".. code-block:: python\n\n   print 'c'\n")
    # the ignore of PY101 silences nothing: that is a finding of its own
    assert codes(run(write(tmp_path, "doc.rst", text))[1]) == [("PY002", 12), ("CTL002", 14), ("PY002", 18)]


def test_a_misspelt_control_is_reported(tmp_path):
    text = ".. faq-check: ignroe PY002\n\nText.\n\n.. faq-check: ignore py002\n\nText.\n"
    assert codes(run(write(tmp_path, "doc.rst", text))[1]) == [("CTL001", 1), ("CTL001", 5)]


def pyproject(folder: Path, table: str) -> None:
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.faq-check]\n" + table)


def run_with_config(folder: Path, monkeypatch, *argv: str) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_config_selects_ignores_and_excludes(tmp_path, monkeypatch):
    write(tmp_path, "docs/doc.rst", PY2 + "\n.. code-block:: python\n\n   import os\n")
    write(tmp_path, "docs/old/legacy.rst", PY2)
    pyproject(tmp_path, 'ignore = ["PY102"]\nexclude = ["docs/old/*"]\n')
    status, out, _ = run_with_config(tmp_path / "docs", monkeypatch, ".")
    assert status == 1 and codes(out) == [("PY002", 6)]
    assert "legacy" not in out


@pytest.mark.parametrize("table, line, words", [
    ('selct = ["PY"]\n', 5, "unknown key 'selct'"),
    ('select = "PY"\n', 5, "must be a list"),
    ('ignore = ["py102"]\n', 5, "must be a list of codes"),
    ('links = "yes"\n', 5, "true or false"),
    ('select = ["PY",,]\n', 5, "invalid TOML"),
])
def test_config_errors_name_the_file_and_line_and_exit_2(tmp_path, monkeypatch, table, line, words):
    pyproject(tmp_path, table)
    write(tmp_path, "doc.rst", CLEAN)
    status, out, err = run_with_config(tmp_path, monkeypatch, "doc.rst")
    assert status == 2 and out == ""
    assert f"{tmp_path / 'pyproject.toml'}:{line}:" in err
    assert words in err


def test_another_tools_broken_pyproject_is_not_our_config_error(tmp_path, monkeypatch):
    """
    pydoctor's docs keep a demo pyproject.toml for pydoctor that no TOML
    parser reads (``theme = base``); it never names faq-check, so its
    documents are linted with the defaults instead of the run exiting 2.
    One that names faq-check and does not parse is still our error.
    """
    write(tmp_path, "demo/pyproject.toml", "[tool.pydoctor]\ntheme = base\n")
    write(tmp_path, "demo/index.rst", PY2)
    status, out, err = run_with_config(tmp_path, monkeypatch, "demo/index.rst")
    assert status == 1 and "TOML" not in err and codes(out) == [("PY002", 6)]
    write(tmp_path, "demo/pyproject.toml", "[tool.pydoctor]\ntheme = base\n[tool.faq-check]\nignore = []\n")
    status, out, err = run_with_config(tmp_path, monkeypatch, "demo/index.rst")
    assert status == 2 and "invalid TOML" in err


def test_explicit_config_file_and_default_path(tmp_path, monkeypatch):
    write(tmp_path, "answers/one.rst", PY2)
    (tmp_path / "other.toml").write_text('[tool.faq-check]\nignore = ["PY002"]\n')
    status, out, _ = run_with_config(tmp_path, monkeypatch)  # default: answers/
    assert status == 1 and "PY002" in out
    assert run_with_config(tmp_path, monkeypatch, "--config", "other.toml")[0] == 0


def test_config_settings_reach_the_checks(tmp_path):
    from faq_checks.lint import config
    (tmp_path / "tw-docs").mkdir()
    pyproject(tmp_path, 'links = true\nhorizon = "22.1.0"\ndocs-tree = "tw-docs"\n'
                        'link-timeout = 2.5\nlink-per-host = 2\nlink-cache = ""\n')
    settings = config.load(str(tmp_path / "pyproject.toml")).settings
    assert settings["links"] is True and settings["horizon"] == "22.1.0"
    assert settings["docs_tree"] == str(tmp_path / "tw-docs")
    assert (settings["link_timeout"], settings["link_per_host"], settings["link_cache"]) == (2.5, 2, "")
    assert settings["config_path"] == str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize("table", ["link-timeout = 0\n", "link-per-host = 0\n", "link-max-redirects = -1\n",
                                   "link-timeout = true\n"])
def test_link_settings_are_validated(tmp_path, table):
    from faq_checks.lint import config
    pyproject(tmp_path, table)
    with pytest.raises(config.ConfigError, match=r"pyproject.toml:5: "):
        config.load(str(tmp_path / "pyproject.toml"))
