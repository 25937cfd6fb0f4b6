"""Collect every answer (and every rule document) as runnable examples."""

import os
import shutil
import tempfile

pytest_plugins = ["faq_checks.pytest_plugin"]



def pytest_configure(config):
    """The linter's caches (names, links) go to a temporary folder, never the user's: set before anything forks."""
    folder = tempfile.mkdtemp(prefix="faq-check-cache-")
    config.stash_cache_home = (os.environ.get("XDG_CACHE_HOME"), folder)
    os.environ["XDG_CACHE_HOME"] = folder


def pytest_unconfigure(config):
    previous, folder = getattr(config, "stash_cache_home", (None, None))
    if folder is None:
        return
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous
    shutil.rmtree(folder, ignore_errors=True)
