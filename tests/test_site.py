"""
The website's Sphinx extension (site/faq_badges.py) on a two-page site: the
field list becomes a badge, a label above ``.. faq-check:`` comments still
names its title, and those comments do not reach the page.  Skipped, saying
so, where Sphinx is not installed (it is in ``tox -e docs``).
"""

import shutil
from pathlib import Path

import pytest

SITE = Path(__file__).parent.parent / "site"

ANSWER = """\
.. _labelled:

.. faq-check: ignore STL001

Is the label found?
===================

:section: Core Twisted
:status: corrected
:changed-in: 24.3.0 (``env=None`` works again)
:timeout: 30

Yes.

.. invisible-code-block: python

    assert SECRET_PROOF
"""

INDEX = """\
Site
====

See :ref:`labelled`.

.. toctree::

   answer
"""


def test_badge_labels_and_invisible_parts(tmp_path):
    application = pytest.importorskip("sphinx.application", reason="Sphinx is not installed: pip install '.[docs]'")
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(SITE / "faq_badges.py", source)
    (source / "conf.py").write_text("import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
                                    "extensions = ['faq_badges']\n")
    (source / "answer.rst").write_text(ANSWER)
    (source / "index.rst").write_text(INDEX)
    warnings = tmp_path / "warnings.txt"
    with open(warnings, "w") as stream:
        app = application.Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"),
                                 "html", status=None, warning=stream, freshenv=True)
        app.build()
    assert warnings.read_text() == ""
    page = (tmp_path / "html" / "answer.html").read_text()
    assert 'class="faq-status faq-status-corrected"' in page and "Core Twisted" in page
    assert "<code" in page.split("faq-changed")[1].split("</p>")[0]  # the literal rendered
    assert "faq-check" not in page and "SECRET_PROOF" not in page and "timeout" not in page
    assert 'href="answer.html#labelled"' in (tmp_path / "html" / "index.html").read_text()
