"""STL035's claim, proven on the installed Twisted: a real transport refuses str."""

from __future__ import annotations

import socket

import pytest
from twisted.internet import protocol, reactor, tcp
from twisted.protocols.basic import LineReceiver

from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint_text


@pytest.fixture
def transport():
    """A real TCP transport over a connected socket pair; the reactor never runs."""
    ours, theirs = socket.socketpair()
    connection = tcp.Connection(ours, protocol.Protocol(), reactor)
    yield connection
    ours.close()
    theirs.close()


def test_a_real_transport_refuses_str_and_takes_bytes(transport):
    with pytest.raises(TypeError):
        transport.write("hello")
    with pytest.raises(TypeError):
        transport.writeSequence(["a"])
    with pytest.raises(TypeError):
        receiver = LineReceiver()
        receiver.makeConnection(transport)
        receiver.sendLine("hi")
    transport.write(b"hello")  # what the rule says to write instead


def test_the_rule_flags_str_and_not_bytes():
    text = ("T\n=\n\n.. code-block:: python\n\n"
            "    class Echo(Protocol):\n"
            "        def connectionMade(self):\n"
            "            self.transport.write(\"Hello\\r\\n\")\n"
            "            self.transport.write(b\"Hello\\r\\n\")\n"
            "            self.transport.write(f\"{self.n}\\n\".encode())\n")
    findings = [(f.code, f.line, f.column) for f in lint_text(text, checks=[check_stale])]
    assert findings == [("STL035", 8, 34)]
