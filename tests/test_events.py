"""
The events socket, read as the fork server reads it: split as it arrives,
bounded, and accepted only from the worker's own pid with its token.
"""

from __future__ import annotations

import array
import ctypes
import json
import os
import socket
import struct

import pytest

from faq_checks.run.events import (CHUNK, MAX_EVENT, MESSAGE_COST, MESSAGE_MAX, EventReader, channel,
                                   hide, sender)
from faq_checks.run.namespace_calls import CLONE_NEWUSER


@pytest.fixture
def ends():
    server_end, worker_end = channel()
    yield server_end, worker_end
    for fd in (server_end, worker_end):
        try:
            os.close(fd)
        except OSError:  # closed by the test
            pass


def line(**event) -> bytes:
    return (json.dumps({"token": "secret", **event}) + "\n").encode()


def test_both_ends_are_close_on_exec(ends):
    assert not any(os.get_inheritable(fd) for fd in ends)


def test_events_split_across_messages_arrive_whole(ends):
    server_end, worker_end = ends
    reader = EventReader(server_end, os.getpid(), "secret")
    data = line(event="start", index=0, output=0)
    os.write(worker_end, data[:10])
    assert reader.read() == []
    os.write(worker_end, data[10:])
    assert [event["event"] for event in reader.read()] == ["start"]


def test_the_runners_own_sender_is_accepted(ends):
    server_end, worker_end = ends
    sender(worker_end, "secret")({"event": "error", "message": "x"})
    assert EventReader(server_end, os.getpid(), "secret").read()[0]["message"] == "x"


def test_an_event_longer_than_a_message_goes_as_several_and_arrives_whole(ends):
    server_end, worker_end = ends
    message = "y" * (5 * CHUNK)
    reader = EventReader(server_end, os.getpid(), "secret")
    sender(worker_end, "secret")({"event": "error", "message": message})
    assert [event["message"] for event in reader.read()] == [message]


def test_events_before_a_refused_line_are_kept(ends):
    server_end, worker_end = ends
    sender(worker_end, "secret")({"event": "error", "message": "kept"})
    os.write(worker_end, b"not the runner's\n")
    reader = EventReader(server_end, os.getpid(), "secret")
    assert [event["message"] for event in reader.read()] == ["kept"]
    assert "did not write" in reader.refused


def test_a_forked_child_with_the_token_is_refused_by_its_pid(ends):
    """The child inherits the socket and the runner's send, token and all; the kernel names the sender."""
    server_end, worker_end = ends
    send = sender(worker_end, "secret")
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        send({"event": "error", "message": "from the child"})
        os._exit(0)
    os.waitpid(child, 0)
    reader = EventReader(server_end, os.getpid(), "secret")
    assert reader.read() == []
    assert f"process {child} (already ended), not the worker (pid {os.getpid()})" in reader.refused


def test_a_reader_for_another_pid_refuses_even_the_runners_own_lines(ends):
    server_end, worker_end = ends
    sender(worker_end, "secret")({"event": "error", "message": "x"})
    reader = EventReader(server_end, os.getpid() + 1, "secret")
    assert reader.read() == []
    assert f"process {os.getpid()} (" in reader.refused


def test_descriptors_sent_on_the_socket_are_refused_and_never_kept(ends):
    server_end, worker_end = ends
    read, write = os.pipe()
    borrowed = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0, worker_end)
    try:
        borrowed.sendmsg([line(event="error", message="x")],
                         [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [read, write]))])
    finally:
        borrowed.detach()
    os.close(read)
    os.close(write)
    before = set(os.listdir("/proc/self/fd"))
    reader = EventReader(server_end, os.getpid(), "secret")
    assert reader.read() == []
    assert "descriptors were sent" in reader.refused
    assert set(os.listdir("/proc/self/fd")) == before


def test_a_message_longer_than_the_runner_sends_is_refused(ends):
    server_end, worker_end = ends
    os.write(worker_end, b"z" * (MESSAGE_MAX + 1))
    reader = EventReader(server_end, os.getpid(), "secret")
    assert reader.read() == []
    assert f"longer than {MESSAGE_MAX} bytes" in reader.refused


def test_a_flood_of_empty_messages_is_read_a_bounded_amount_at_a_time(ends):
    server_end, worker_end = ends
    os.set_blocking(worker_end, False)
    sent = 0
    while sent < 2000:
        try:
            os.write(worker_end, b"")
        except BlockingIOError:
            break
        sent += 1
    assert sent > 20
    reader = EventReader(server_end, os.getpid(), "secret")
    assert reader.read(budget=10 * MESSAGE_COST) == []
    assert reader.refused is None and not reader.ended
    assert os.read(server_end, 1) == b""  # an empty message was still waiting: the read stopped


@pytest.mark.parametrize("event, reason", [
    ({"event": "error", "message": "x"}, "did not write"),  # no token
    ({"token": "secret", "event": "example", "index": 0}, "unknown kind or shape"),
    ({"token": "secret", "event": "start", "index": True, "output": 0}, "unknown kind or shape"),
    ({"token": "secret", "event": "nonsense"}, "unknown kind or shape"),
])
def test_a_line_the_runner_did_not_write_is_refused(ends, event, reason):
    server_end, worker_end = ends
    os.write(worker_end, (json.dumps(event) + "\n").encode())
    reader = EventReader(server_end, os.getpid(), "secret")
    assert reader.read() == []
    assert reason in reader.refused


def test_a_line_beyond_the_limit_is_refused_before_it_ends(ends):
    server_end, worker_end = ends
    reader = EventReader(server_end, os.getpid(), "secret")
    for _ in range(MAX_EVENT // CHUNK + 2):
        os.write(worker_end, b"x" * CHUNK)
        reader.read()
    assert "longer than 1048576" in reader.refused


def test_the_reader_knows_when_every_writer_is_gone(ends):
    server_end, worker_end = ends
    reader = EventReader(server_end, os.getpid(), "secret")
    sender(worker_end, "secret")({"event": "error", "message": "last words"})
    assert [event["message"] for event in reader.read()] == ["last words"]
    assert not reader.ended  # still open: more may come
    os.close(worker_end)
    assert reader.read() == [] and reader.ended


def test_the_worker_end_moves_to_a_high_descriptor_still_close_on_exec(ends):
    _, worker_end = ends
    moved = hide(os.dup(worker_end))
    try:
        assert 32 <= moved < 64
        assert not os.get_inheritable(moved)
        assert os.fstat(moved).st_ino == os.fstat(worker_end).st_ino
    finally:
        os.close(moved)


def _has_cap_sys_admin() -> bool:
    with open("/proc/self/status") as status:
        effective = next(line for line in status if line.startswith("CapEff:"))
    return bool(int(effective.split()[1], 16) & (1 << 21))  # CAP_SYS_ADMIN


def test_only_cap_sys_admin_lets_a_child_claim_the_workers_pid(ends):
    """
    The kernel's rule, and the pid check's limit: a process may name another
    pid in SCM_CREDENTIALS only with CAP_SYS_ADMIN over the pid namespace
    (root outside ``--sandbox strict``, whose user namespace lacks it there).
    """
    server_end, worker_end = ends
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        borrowed = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0, worker_end)
        claim = struct.pack("3i", parent, os.getuid(), os.getgid())
        try:
            borrowed.sendmsg([line(event="error", message="claimed")],
                             [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, claim)])
        except PermissionError:
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    events = EventReader(server_end, parent, "secret").read()
    if _has_cap_sys_admin():
        assert os.waitstatus_to_exitcode(status) == 0 and [e["message"] for e in events] == ["claimed"]
    else:
        assert os.waitstatus_to_exitcode(status) == 3 and events == []


def test_in_a_user_namespace_of_its_own_even_root_cannot_claim_the_workers_pid(ends):
    """What ``--sandbox strict`` gives every worker: its capabilities do not reach the pid namespace."""
    server_end, worker_end = ends
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        uid, gid = os.getuid(), os.getgid()
        if ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWUSER) != 0:
            os._exit(4)
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as setting:
                setting.write(text)
        borrowed = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0, worker_end)
        try:
            borrowed.sendmsg([line(event="error", message="claimed")],
                             [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, struct.pack("3i", parent, uid, gid))])
        except PermissionError:
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) == 4:
        pytest.skip("this kernel refuses unprivileged user namespaces")
    assert os.waitstatus_to_exitcode(status) == 3
    assert EventReader(server_end, parent, "secret").read() == []
