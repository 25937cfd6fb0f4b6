"""Longest first: the durations cache and the order it gives."""

from __future__ import annotations

import json
import os

from faq_checks.run.outcome import AnswerOutcome
from faq_checks.run.schedule import Durations, cache_file, longest_first


def answer(directory, name: str, body: str = "x = 1", fields: str = "") -> str:
    path = directory / f"{name}.rst"
    path.write_text(f"{name}\n{'=' * len(name)}\n\n{fields}\n.. code-block:: python\n\n    {body}\n")
    return str(path)


def ran(durations: Durations, **seconds: float) -> None:
    durations.record(AnswerOutcome(path, status="passed", seconds=s) for path, s in seconds.items())


def test_the_cache_lives_in_the_user_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_file() == tmp_path / "xdg" / "faq-checks" / "durations.json"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_file() == tmp_path / "home" / ".cache" / "faq-checks" / "durations.json"


def test_slowest_last_time_starts_first_and_survives_a_save(tmp_path):
    paths = [answer(tmp_path, name) for name in ("quick", "slow", "middling")]
    durations = Durations.load(tmp_path / "cache.json")
    ran(durations, **dict(zip(paths, (0.1, 5.0, 1.0))))
    durations.save()
    assert longest_first(paths, Durations.load(tmp_path / "cache.json")) == [1, 2, 0]


def test_an_edited_answer_loses_its_record_and_unknown_answers_start_first(tmp_path):
    paths = [answer(tmp_path, name) for name in ("quick", "slow")]
    durations = Durations.load(tmp_path / "cache.json")
    ran(durations, **dict(zip(paths, (0.1, 5.0))))
    durations.save()
    answer(tmp_path, "quick", body="x = 2")  # same path, new content
    durations = Durations.load(tmp_path / "cache.json")
    assert durations.last(paths[0]) is None and durations.last(paths[1]) == 5.0
    assert longest_first(paths, durations) == [0, 1]


def test_with_no_record_a_larger_timeout_then_a_larger_file_goes_first(tmp_path):
    paths = [answer(tmp_path, "short"), answer(tmp_path, "long", body="x = 1  # " + "x" * 500),
             answer(tmp_path, "patient", fields=":timeout: 90\n"), "missing.rst"]
    assert longest_first(paths, Durations.load(tmp_path / "none.json")) == [2, 1, 0, 3]


def test_a_corrupt_cache_is_an_empty_one(tmp_path):
    path = answer(tmp_path, "quick")
    marker = '"faq-check-cache": "durations", "version": 1'
    for text in ("{not json", "[]", '{%s, "entries": {"%s": {"hash": 1}}}' % (marker, path),
                 '{%s, "entries": 3}' % marker, '{"entries": {"%s": {"hash": "x", "seconds": 1}}}' % path):
        (tmp_path / "cache.json").write_text(text)
        assert Durations.load(tmp_path / "cache.json").last(path) is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    (tmp_path / "file").write_text("")
    durations = Durations.load(tmp_path / "file" / "cache.json")  # its directory is a file
    ran(durations, **{answer(tmp_path, "quick"): 1.0})
    durations.save()  # no exception
    assert sorted(os.listdir(tmp_path)) == ["file", "quick.rst"]


def test_a_file_that_is_not_a_durations_cache_is_left_alone(tmp_path):
    (tmp_path / "cache.json").write_text('{"mine": true}')
    durations = Durations.load(tmp_path / "cache.json")
    ran(durations, **{answer(tmp_path, "quick"): 1.0})
    durations.save()
    assert (tmp_path / "cache.json").read_text() == '{"mine": true}'


def test_two_runs_add_to_the_cache_rather_than_replace_it(tmp_path):
    first, second = Durations.load(tmp_path / "cache.json"), Durations.load(tmp_path / "cache.json")
    ran(first, **{answer(tmp_path, "a"): 1.0})
    ran(second, **{answer(tmp_path, "b"): 2.0})
    first.save()
    second.save()
    both = Durations.load(tmp_path / "cache.json")
    assert (both.last(str(tmp_path / "a.rst")), both.last(str(tmp_path / "b.rst"))) == (1.0, 2.0)


def test_the_cache_keeps_only_the_newest_records(tmp_path, monkeypatch):
    monkeypatch.setattr("faq_checks.run.schedule.KEEP", 2)
    durations = Durations.load(tmp_path / "cache.json")
    for name in ("a", "b", "c"):
        ran(durations, **{answer(tmp_path, name): 1.0})
        durations.records[os.path.abspath(tmp_path / f"{name}.rst")]["ran"] = ord(name)
    durations.save()
    kept = json.loads((tmp_path / "cache.json").read_text())["entries"]
    assert sorted(os.path.basename(key) for key in kept) == ["b.rst", "c.rst"]
