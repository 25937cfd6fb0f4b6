"""
The name cache keeps an unverifiable answer only when what is installed
decides it, and only while that stays as it was.
"""

from __future__ import annotations

import pytest

from faq_checks.lint import namecache, resolution
from faq_checks.lint.resolution import Resolution


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder and an empty in-process cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(namecache, "KNOWN", {})
    monkeypatch.setattr(namecache, "LOADED", set())
    return tmp_path


def _reload(monkeypatch) -> dict[str, Resolution]:
    monkeypatch.setattr(namecache, "KNOWN", {})
    monkeypatch.setattr(namecache, "LOADED", set())
    namecache.load()
    return namecache.KNOWN


ANSWERS = {
    "twisted.internet.ssl.CertificateOptions": Resolution("unverifiable", "twisted.internet.ssl", "", "needs OpenSSL"),
    "twisted.internet.kqreactor": Resolution("unverifiable", "twisted.internet.kqreactor", "",
                                             "ImportError: module 'select' has no attribute 'kqueue'"),
    "twisted.internet.gtk2reactor": Resolution("unverifiable", "twisted.internet.gtk2reactor", "",
                                               "RuntimeError: no display"),
    "twisted.web.client.getPage": Resolution("missing", "twisted.web.client", "", "getPage"),
    "twisted.words.nothing": resolution.NO_ANSWER,
}


def test_an_import_that_only_what_is_installed_decides_is_kept(fresh, monkeypatch):
    resolver = resolution.Resolver()
    resolver.wanted = dict.fromkeys(ANSWERS)
    resolver._child = "a child that gave these answers"
    monkeypatch.setattr(resolution.Resolver, "_finish", lambda self: dict(ANSWERS))
    assert resolver.results() == ANSWERS
    cached = _reload(monkeypatch)
    assert cached == {name: ANSWERS[name] for name in ("twisted.internet.ssl.CertificateOptions",
                                                        "twisted.internet.kqreactor", "twisted.web.client.getPage")}


def test_installing_or_removing_a_package_forgets_them(fresh, monkeypatch):
    namecache.save({n: r for n, r in ANSWERS.items() if n != "twisted.words.nothing"})
    monkeypatch.setattr(namecache, "environment_key", lambda: "something was installed since")
    assert set(_reload(monkeypatch)) == {"twisted.web.client.getPage"}


def test_the_environment_key_follows_the_site_packages_folders(monkeypatch, tmp_path):
    import os
    import site

    monkeypatch.setattr(site, "getsitepackages", lambda: [str(tmp_path)])
    namecache.environment_key.cache_clear()
    try:
        before = namecache.environment_key()
        (tmp_path / "newpackage-1.0.dist-info").mkdir()
        os.utime(tmp_path, ns=(0, os.stat(tmp_path).st_mtime_ns + 1_000_000))
        namecache.environment_key.cache_clear()
        assert namecache.environment_key() != before
    finally:
        namecache.environment_key.cache_clear()


def test_a_second_run_asks_no_child_for_them(fresh, monkeypatch):
    """What a run learnt about names needing OpenSSL answers the next run without a child."""
    started = []
    monkeypatch.setattr(resolution.Resolver, "_start", lambda self: started.append(1) or False)
    namecache.save({"twisted.internet.ssl.CertificateOptions":
                                 ANSWERS["twisted.internet.ssl.CertificateOptions"]})
    _reload(monkeypatch)
    resolver = resolution.Resolver()
    resolver.ask(["twisted.internet.ssl.CertificateOptions"])
    assert resolver.results()["twisted.internet.ssl.CertificateOptions"].detail == "needs OpenSSL"
    assert started == []


SCRIPTS = {resolution.SCRIPT + "twistd": Resolution("ok", "twistd"),
           resolution.SCRIPT + "mktap": Resolution("missing", "mktap")}


def test_a_console_script_answer_is_kept_only_while_nothing_is_installed_or_removed(fresh, monkeypatch):
    """Whether a distribution declares a script is what is installed: both answers go when that changes."""
    namecache.save(dict(SCRIPTS, **{"twisted.web.client.getPage": ANSWERS["twisted.web.client.getPage"]}))
    assert _reload(monkeypatch) == dict(SCRIPTS, **{"twisted.web.client.getPage": ANSWERS["twisted.web.client.getPage"]})
    monkeypatch.setattr(namecache, "environment_key", lambda: "something was installed since")
    assert set(_reload(monkeypatch)) == {"twisted.web.client.getPage"}


def test_the_child_answers_which_console_scripts_are_installed(fresh):
    """Asked of the real child: twistd is Twisted's own script; a made-up one is missing."""
    found = resolution._ask_child([resolution.SCRIPT + "twistd", resolution.SCRIPT + "no-such-script-faq-check"])
    assert found[resolution.SCRIPT + "twistd"].status == "ok"
    assert found[resolution.SCRIPT + "no-such-script-faq-check"].status == "missing"
