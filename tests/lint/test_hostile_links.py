"""
``--links`` on hostile documents: malformed URLs, redirects to other schemes
and to this machine, no end in sight, Ctrl-C; against the real local server.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from twisted.internet import defer, task
from twisted.web.http_headers import Headers

from faq_checks.lint.linkfetch import Limits, _Checker
from tests.lint.support.rebinding import ScriptedResolver
from tests.lint.test_links import run_lint, server, stats  # noqa: F401 (server is a fixture)


def messages(report: dict) -> list[tuple[str, str]]:
    return [(code, message) for code, _, message in report["findings"]]


def test_a_bracket_in_the_host_is_a_finding_not_a_hang(server, tmp_path):
    report = run_lint(tmp_path, ["/ok"], "http://[::1", link_timeout=1.0)
    assert [code for code, _ in messages(report)] == ["LNK001"]
    assert "not a valid URL" in messages(report)[0][1]


def test_a_redirect_to_file_is_reported_as_such(server, tmp_path):
    [(code, message)] = messages(run_lint(tmp_path, ["/to-file"], server))
    assert code == "LNK002" and "file" in message and "TLS" not in message


def test_an_original_on_loopback_may_redirect_to_loopback(server, tmp_path):
    assert messages(run_lint(tmp_path, ["/to-localhost"], server)) == []


def test_the_deadline_ends_the_run_and_says_what_was_not_checked(server, tmp_path):
    report = run_lint(tmp_path, ["/slow", "/ok"], server, link_timeout=30.0, link_deadline=1.0)
    [(code, message)] = messages(report)
    assert code == "LNK003" and "deadline" in message


def test_transient_answers_are_asked_again(server, tmp_path):
    cache = tmp_path / "links.json"
    for _ in range(2):
        run_lint(tmp_path, ["/status/503", "/status/429", "/missing"], server, link_cache=str(cache))
    counts = stats(server)["requests"]
    assert (counts["/status/503"], counts["/status/429"], counts["/missing"]) == (2, 2, 1)


INTERRUPTED = """
import sys
from faq_checks.lint.cli import main
sys.exit(main(["--no-config", "--links", "--link-cache", "", sys.argv[1]]))
"""


def test_ctrl_c_stops_the_run(server, tmp_path):
    document = tmp_path / "slow.rst"
    document.write_text(f"Slow\n====\n\n`slow <{server}/slow>`_ and `held <{server}/held/1>`_\n")
    child = subprocess.Popen([sys.executable, "-c", INTERRUPTED, str(document)], stderr=subprocess.PIPE, text=True)
    try:
        for _ in task_polls():
            if "/slow" in stats(server)["requests"]:
                break
        child.send_signal(signal.SIGINT)
        status = child.wait(timeout=20)
    finally:
        child.kill()
        child.wait()
    assert status == 130 and "interrupted" in child.stderr.read()


def task_polls(limit: int = 200):
    import time
    for n in range(limit):
        yield n
        time.sleep(0.05)


class _Response:
    def __init__(self, code: int, location: str = "") -> None:
        self.code = code
        self.headers = Headers({b"location": [location.encode()]} if location else {})

    def deliverBody(self, protocol) -> None:
        pass


class _Agent:
    """Answers from a table instead of the network: url -> (status, location)."""

    def __init__(self, routes: dict[str, tuple[int, str]]) -> None:
        self.routes, self.asked = routes, []

    def request(self, method, url, headers):
        self.asked.append(url.decode())
        return defer.succeed(_Response(*self.routes[url.decode()]))


def follow(routes: dict, url: str, allow_private: bool = False, resolves_to: str = "93.184.216.34"):
    """The first URL's name resolves to a public address, every other name to ``resolves_to``."""
    names = {urlsplit(u).hostname for u in list(routes) + [location for _, location in routes.values()]}
    answers = {name: [resolves_to] for name in names if name}
    answers[urlsplit(url).hostname] = ["93.184.216.34"]
    agent = _Agent(routes)
    checker = _Checker(task.Clock(), Limits(allow_private=allow_private), agent_for=lambda addresses: agent,
                       resolver=ScriptedResolver(answers))
    outcomes = []
    checker._follow(url).addCallback(outcomes.append)
    return outcomes[0], agent.asked


PROBES = ["http://localhost:6379/", "http://127.0.0.1:22/", "http://[::1]:8080/", "http://10.0.0.5/admin",
          "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0:9/"]


def test_a_public_page_redirecting_into_this_network_is_refused():
    for target in PROBES:
        outcome, asked = follow({"http://example.org/": (302, target)}, "http://example.org/")
        assert outcome.kind == "redirects" and "private" in outcome.detail, target
        assert asked == ["http://example.org/"], target


def test_a_name_that_resolves_to_a_private_address_is_refused_too():
    routes = {"http://example.org/": (302, "http://internal.example.org/")}
    outcome, asked = follow(routes, "http://example.org/", resolves_to="192.168.1.1")
    assert outcome.kind == "redirects" and asked == ["http://example.org/"]


def test_allow_private_follows_them_and_public_redirects_are_followed():
    routes = {"http://example.org/": (302, "http://127.0.0.1:22/"), "http://127.0.0.1:22/": (200, "")}
    outcome, asked = follow(routes, "http://example.org/", allow_private=True)
    assert outcome.kind == "ok" and asked == ["http://example.org/", "http://127.0.0.1:22/"]
    routes = {"http://example.org/": (301, "https://example.org/"), "https://example.org/": (200, "")}
    outcome, _ = follow(routes, "http://example.org/")
    assert outcome.kind == "ok"


REBINDING = Path(__file__).parent / "support" / "rebinding.py"


def test_a_name_cannot_answer_public_to_the_check_and_private_to_the_connection():
    """DNS rebinding: one lookup per URL, and its requests connect to that answer only.

    ``rebind.test`` answers a public address, then 127.0.0.1; a public page
    redirects to it.  The service on 127.0.0.1 must never be asked, while a
    public page and a public redirect still work, and a name whose first
    answer is private is still refused (see support/rebinding.py).
    """
    done = subprocess.run([sys.executable, str(REBINDING), "/ok", "/to-ok", "/to-rebind", "/to-private"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["inside"] == []
    assert "127.0.0.1" not in report["connections"]
    assert report["lookups"]["rebind.test"] == 1
    kinds = {path: kind for path, (kind, _) in report["outcomes"].items()}
    assert kinds == {"ok": "ok", "to-ok": "ok", "to-rebind": "ok", "to-private": "redirects"}
    assert "private" in report["outcomes"]["to-private"][1]


PINNED_TLS = Path(__file__).parent / "support" / "pinned_tls.py"


def test_https_through_the_pinned_address_names_the_urls_host():
    """https: the connection goes to the pinned address, TLS names the URL's host and checks it.

    Also the first https link ever fetched here: TLS batches its writes on a
    timer that defaulted to the global reactor, which never runs during a
    link check, so every https link used to time out.
    """
    pytest.importorskip("OpenSSL", reason="Twisted's TLS support (pip install 'faq-checks[links]') is not installed")
    pytest.importorskip("service_identity", reason="service-identity (Twisted's TLS extra) is not installed")
    done = subprocess.run([sys.executable, str(PINNED_TLS), "10"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["outcomes"]["name"] == ["ok", "HTTP 200"]
    assert report["hosts"] == [f"localhost:{report['port']}"]
    assert "localhost" in report["server_names"]
    kind, detail = report["outcomes"]["address"]
    assert kind == "unreachable" and "Mismatch" in detail
