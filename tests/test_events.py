"""The events pipe, read as the fork server reads it: split as it arrives, bounded, checked."""

from __future__ import annotations

import json
import os

import pytest

from faq_checks.run.events import MAX_EVENT, EventReader, sender


@pytest.fixture
def pipe():
    read, write = os.pipe()
    os.set_blocking(read, False)
    yield read, write
    os.close(read)
    os.close(write)


def test_events_split_across_writes_arrive_whole(pipe):
    read, write = pipe
    reader = EventReader(read, os.getpid(), "secret")
    line = json.dumps({"pid": os.getpid(), "token": "secret", "event": "start", "index": 0, "output": 0})
    os.write(write, line[:10].encode())
    assert reader.read() == []
    os.write(write, (line[10:] + "\n").encode())
    assert [event["event"] for event in reader.read()] == ["start"]


def test_the_runners_own_sender_is_accepted(pipe):
    read, write = pipe
    sender(write, "secret")({"event": "error", "message": "x"})
    assert EventReader(read, os.getpid(), "secret").read()[0]["message"] == "x"


def test_events_before_a_refused_line_are_kept(pipe):
    read, write = pipe
    sender(write, "secret")({"event": "error", "message": "kept"})
    os.write(write, b"not the runner's\n")
    reader = EventReader(read, os.getpid(), "secret")
    assert [event["message"] for event in reader.read()] == ["kept"]
    assert "did not write" in reader.refused


def test_lines_of_another_pid_with_the_token_are_dropped(pipe):
    read, write = pipe
    sender(write, "secret")({"event": "error", "message": "x"})
    assert EventReader(read, os.getpid() + 1, "secret").read() == []


@pytest.mark.parametrize("event, reason", [
    ({"event": "error", "message": "x"}, "did not write"),  # no token
    ({"token": "secret", "event": "example", "index": 0}, "unknown kind or shape"),
    ({"token": "secret", "event": "start", "index": True, "output": 0}, "unknown kind or shape"),
    ({"token": "secret", "event": "nonsense"}, "unknown kind or shape"),
])
def test_a_line_the_runner_did_not_write_is_refused(pipe, event, reason):
    read, write = pipe
    os.write(write, (json.dumps({"pid": os.getpid(), **event}) + "\n").encode())
    reader = EventReader(read, os.getpid(), "secret")
    assert reader.read() == []
    assert reason in reader.refused


def test_a_line_beyond_the_limit_is_refused_before_it_ends(pipe):
    read, write = pipe
    reader = EventReader(read, os.getpid(), "secret")
    for _ in range(MAX_EVENT // 32768 + 2):
        os.write(write, b"x" * 32768)
        reader.read()
    assert "longer than" in reader.refused



def test_the_reader_knows_when_every_writer_is_gone():
    read, write = os.pipe()
    os.set_blocking(read, False)
    reader = EventReader(read, os.getpid(), "secret")
    sender(write, "secret")({"event": "error", "message": "last words"})
    assert [event["message"] for event in reader.read()] == ["last words"]
    assert not reader.ended  # still open: more may come
    os.close(write)
    assert reader.read() == [] and reader.ended
    os.close(read)
