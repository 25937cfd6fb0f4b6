"""REF006: the files a page shows (include, image, figure, literalinclude) must be there."""

from __future__ import annotations

import os

import pytest

from faq_checks.lint.engine import lint


def findings(root, files: dict[str, str], cache: bool = False, settings=None) -> set[tuple[str, int, str]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = lint([str(root)], settings=settings or {"result-cache": cache})
    assert result.errors == []
    return {(os.path.relpath(f.path, root), f.line, f.message.split(":")[0])
            for f in result.findings if f.code == "REF006"}


MISSING = """\
Title
=====

.. include:: shared/intro.rst

.. image:: diagram.png

.. figure:: /figures/loop.svg
   :alt: the loop

   The loop.

.. |logo| image:: logo.png

.. literalinclude:: config.ini
   :language: ini

.. image:: anyformat.*
"""


def test_every_shown_file_that_is_missing_is_named_with_its_line(tmp_path):
    (tmp_path / "conf.py").write_text("")
    assert findings(tmp_path, {"page.rst": MISSING}) == {
        ("page.rst", 4, "include of shared/intro.rst"),
        ("page.rst", 6, "image of diagram.png"),
        ("page.rst", 8, "figure of /figures/loop.svg"),
        ("page.rst", 13, "image of logo.png"),
        ("page.rst", 15, "literalinclude of config.ini"),
        ("page.rst", 18, "image of anyformat.*"),
    }


def test_files_that_are_there_are_not_reported(tmp_path):
    (tmp_path / "conf.py").write_text("")
    present = {"shared/intro.rst": "Shared.\n", "diagram.png": "", "figures/loop.svg": "", "logo.png": "",
               "config.ini": "[x]\n", "anyformat.webp": ""}
    assert findings(tmp_path, {**present, "page.rst": MISSING}) == set()


def test_a_path_from_the_root_starts_at_the_folder_with_conf_py(tmp_path):
    files = {"docs/conf.py": "", "docs/figures/loop.svg": "",
             "docs/howto/page.rst": ".. figure:: /figures/loop.svg\n\n.. figure:: ../figures/loop.svg\n"}
    assert findings(tmp_path, files) == set()
    assert findings(tmp_path, {"docs/howto/page.rst": ".. image:: figures/loop.svg\n"}) == {
        ("docs/howto/page.rst", 1, "image of figures/loop.svg")}


@pytest.mark.parametrize("argument", ["<isonum.txt>", "https://example.org/a.png", "|version|/a.png",
                                      "data:image/png;base64,AAAA"])
def test_what_is_not_a_file_on_this_disk_is_not_judged(tmp_path, argument):
    assert findings(tmp_path, {"page.rst": f".. image:: {argument}\n\n.. include:: {argument}\n"}) == set()


def test_a_directive_shown_as_an_example_is_not_judged(tmp_path):
    text = ("Write this::\n\n    .. image:: missing.png\n\n"
            ".. code-block:: rst\n\n   .. include:: missing.rst\n\n"
            ".. missing.png is named in a comment: .. image:: missing.png\n")
    assert findings(tmp_path, {"page.rst": text}) == set()


def test_a_missing_python_listing_stays_py003_and_is_not_reported_twice(tmp_path):
    text = ".. literalinclude:: listing.py\n"
    (tmp_path / "page.rst").write_text(text)
    result = lint([str(tmp_path)], settings={"result-cache": False})
    assert [f.code for f in result.findings] == ["PY003"]


def test_a_cached_result_is_not_trusted_once_the_file_appears(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tree = tmp_path / "tree"
    page = {"page.rst": ".. image:: diagram.png\n"}
    assert findings(tree, page, cache=True) == {("page.rst", 1, "image of diagram.png")}
    (tree / "diagram.png").write_text("")
    assert findings(tree, page, cache=True) == set()
    (tree / "diagram.png").unlink()
    assert findings(tree, page, cache=True) == {("page.rst", 1, "image of diagram.png")}
