"""
Messages judged the way a maintainer of the tree reads them (found by linting
Twisted's, Buildbot's and Scrapy's own docs): a finding names the one
replacement for what it found, not a list of every replacement the rule
knows, and advice for Twisted's own contributors is not given to another
project that merely links to Twisted.
"""

from __future__ import annotations

import pytest

from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint_text


def stale(text: str, path: str = "howto.rst") -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in lint_text(text, path=path, checks=[check_stale])]


def test_a_python2_module_is_told_its_own_python3_name():
    (found,) = stale("The client speaks to the server through ``xmlrpclib``.\n")
    assert found == ("STL015", "xmlrpclib is a Python 2 module: on Python 3 it is xmlrpc.client.")
    (found,) = stale(".. code-block:: python\n\n    import cStringIO\n")
    assert found[1] == "cStringIO is a Python 2 module: on Python 3 use io.BytesIO for bytes or io.StringIO for text."


def test_a_python2_module_attribute_is_told_its_own_replacement():
    (found,) = stale("Where blocking code would call ``commands.getoutput``, use the reactor.\n")
    assert found[0] == "STL037"
    assert found[1].endswith(": use subprocess.getoutput (under a reactor: twisted.internet.utils.getProcessOutput).")
    assert "urllib" not in found[1]


@pytest.fixture
def buildbot_page(tmp_path):
    (tmp_path / "conf.py").write_text("project = 'Buildbot'\n")
    return str(tmp_path / "tests.rst")


def test_a_link_to_twisteds_trac_wiki_points_at_the_pages_new_home_not_at_the_issue_tracker(buildbot_page):
    text = "Buildbot runs its tests with Twisted `trial <http://twistedmatrix.com/trac/wiki/TwistedTrial>`_.\n"
    (found,) = stale(text, buildbot_page)
    assert found[0] == "STL042"
    assert "https://docs.twisted.org/en/stable/core/howto/trial.html" in found[1]
    assert "issues" not in found[1]


def test_a_trac_ticket_is_still_the_issue_tracker_advice():
    (found,) = stale("Due to a bug (`#6348 <https://twistedmatrix.com/trac/ticket/6348>`_) warnings are lost.\n")
    assert found[0] == "STL005" and "GitHub" in found[1]


def test_an_example_repository_on_the_dead_svn_host_is_not_told_to_send_twisted_a_pull_request(buildbot_page):
    text = ".. code-block:: python\n\n    poller = SVNPoller('svn://svn.twistedmatrix.com/svn/Twisted/trunk')  # Twisted\n"
    (found,) = stale(text, buildbot_page)
    assert found[0] == "STL004"
    assert "give an example a host that exists" in found[1] and "pull request" not in found[1]
    (advice,) = stale("Check whether it is fixed in Subversion first.\n")
    assert "pull request" in advice[1]


def test_lore_is_not_advice_to_use_sphinx_for_docs_like_twisteds(buildbot_page):
    (found,) = stale("The HLint step runs Twisted Lore over the ``.xhtml`` files.\n", buildbot_page)
    assert found[0] == "STL003" and "docs that look like Twisted's" not in found[1]
    assert "drop, or mark as obsolete" in found[1]
