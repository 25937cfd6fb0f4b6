"""A Sphinx project's conf.py, read with ast and never run, decides what is part of the project."""

from __future__ import annotations

from pathlib import Path

from faq_checks.lint.checks.refs import check_refs
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint
from faq_checks.lint.sphinxconf import read_conf


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def found(paths, checks) -> list[tuple[str, str, int]]:
    result = lint([str(p) for p in paths], checks=checks)
    return sorted((Path(f.path).name, f.code, f.line) for f in result.findings)


CONF = """\
import os, sys
sys.path.insert(0, os.path.abspath('..'))
open(os.path.join(os.path.dirname(__file__), 'RAN'), 'w').write('conf.py was executed')
project = 'Widgets'
extensions = ['sphinx.ext.autodoc']
extensions += ['sphinx.ext.intersphinx']
exclude_patterns = ['_build']
exclude_patterns.append('drafts/**')
if os.environ.get('NEVER'):
    exclude_patterns.extend(['old-*.rst'])
intersphinx_mapping = {'python': ('https://docs.python.org/3', None)}
html_theme = compute_theme()
"""


def test_literal_settings_are_read_and_the_file_never_runs(tmp_path):
    write(tmp_path, {"conf.py": CONF})
    conf = read_conf(str(tmp_path / "conf.py"))
    assert conf.project == "Widgets"
    assert conf.extensions == ("sphinx.ext.autodoc", "sphinx.ext.intersphinx")
    assert conf.get("exclude_patterns") == ["_build", "drafts/**", "old-*.rst"]
    assert conf.uses_intersphinx() and conf.intersphinx_resolves("std:ref") and not conf.intersphinx_resolves("std:doc")
    assert not (tmp_path / "RAN").exists()


def test_a_conf_py_that_does_not_parse_knows_nothing(tmp_path):
    write(tmp_path, {"conf.py": "project = (\n"})
    conf = read_conf(str(tmp_path / "conf.py"))
    assert conf.project == "" and conf.get("exclude_patterns") is None


def test_excluded_files_are_not_linted(tmp_path):
    bad = "T\n=\n\nSee :ref:`widgets-guide-missing`.\n\n.. _widgets-guide-here:\n\nX\n=\n"
    write(tmp_path, {"conf.py": CONF, "index.rst": bad, "drafts/deep/wip.rst": bad, "old-notes.rst": bad})
    assert found([tmp_path], [check_refs]) == [("index.rst", "REF001", 4)]


def test_intersphinx_may_resolve_a_label_unlike_the_projects_own(tmp_path):
    text = ("T\n=\n\n.. _widgets-guide-intro:\n\nSee :ref:`tut-venv`, :ref:`python:tut-venv`,\n"
            ":ref:`widgets-guide-outro` and :doc:`library/re`.\n")
    write(tmp_path, {"conf.py": CONF, "index.rst": text})
    assert found([tmp_path], [check_refs]) == [("index.rst", "REF001", 7), ("index.rst", "REF002", 7)]


def test_without_intersphinx_every_unknown_label_is_reported(tmp_path):
    write(tmp_path, {"conf.py": "project = 'Widgets'\nextensions = []\n",
                     "index.rst": "T\n=\n\nSee :ref:`tut-venv`.\n"})
    assert found([tmp_path], [check_refs]) == [("index.rst", "REF001", 4)]


def test_labels_resolve_per_sphinx_project(tmp_path):
    write(tmp_path, {
        "one/conf.py": "project = 'One'\n", "one/index.rst": ".. _only-in-one:\n\nT\n=\n",
        "two/conf.py": "project = 'Two'\n", "two/index.rst": "T\n=\n\nSee :ref:`only-in-one`.\n",
    })
    assert found([tmp_path / "one", tmp_path / "two"], [check_refs]) == [("index.rst", "REF001", 4)]


def test_autosectionlabel_makes_titles_labels(tmp_path):
    write(tmp_path, {"conf.py": "extensions = ['sphinx.ext.autosectionlabel']\n",
                     "index.rst": "Getting Started\n===============\n\nSee :ref:`getting started` and :ref:`nope`.\n"})
    assert found([tmp_path], [check_refs]) == [("index.rst", "REF001", 4)]


def test_twisted_process_rules_keep_to_twisted(tmp_path):
    text = ("T\n=\n\nBuildbot can check out code from Subversion.\n\n"
            "As of version 0.8.0, Buildbot keeps its state in a database.\n\n"
            "Twisted itself moved from Subversion long ago.\n")
    write(tmp_path, {"other/conf.py": "project = 'Buildbot'\n", "other/index.rst": text,
                     "twisted/conf.py": "project = 'Twisted'\n", "twisted/index.rst": text})
    result = lint([str(tmp_path)], checks=[check_stale])
    by_tree = sorted((Path(f.path).parent.name, f.code, f.line) for f in result.findings)
    assert by_tree == [("other", "STL004", 8),
                       ("twisted", "STL004", 4), ("twisted", "STL004", 8), ("twisted", "STL010", 6)]


def test_the_folders_pydoctor_writes_are_read_from_any_literal_in_its_arguments(tmp_path):
    from faq_checks.lint.sphinxconf import read_conf

    (tmp_path / "conf.py").write_text(
        "import pathlib\nroot = pathlib.Path(__file__).parent\n"
        "pydoctor_args = ['--quiet', f'--config={root}/setup.cfg', '--html-output={outdir}/api', str(root)]\n"
        "if True:\n    pydoctor_args = {'x': ['--html-output={outdir}/docs/demo/'], 'y': ['--html-output=/tmp/out']}\n")
    conf = read_conf(str(tmp_path / "conf.py"))
    assert conf.generated == ("api", "docs/demo")  # an absolute folder outside {outdir} is not the site's
    assert conf.built_only(str(tmp_path / "api" / "twisted.html")) and conf.built_only(str(tmp_path / "docs/demo"))
    assert not conf.built_only(str(tmp_path / "apis" / "x.html")) and not conf.built_only("/elsewhere/api/x.html")
