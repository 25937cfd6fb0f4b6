"""
Sphinx configuration of the FAQ as a website (``tox -e docs``).

The answers and the rule docs are linked in (``answers`` and ``rules`` are
symlinks), so the site is built from the very files that ``faq-check run``
proves.  Each answer's field list (``:status:``, ``:changed-in:``) becomes
page metadata; :mod:`faq_badges` shows it as a badge under the title.
Intersphinx against Twisted's inventory is used only when
``FAQ_DOCS_ONLINE=1`` says the network is there: offline, a build must not
wait on it, nor warn about it.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

project = "The Twisted FAQ, executable"
author = "faq-checks contributors"
root_doc = "index"
extensions = ["faq_badges"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_css_files = ["faq.css"]
html_title = project
html_show_sourcelink = False

if os.environ.get("FAQ_DOCS_ONLINE") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {"twisted": ("https://docs.twisted.org/en/stable/", None)}
