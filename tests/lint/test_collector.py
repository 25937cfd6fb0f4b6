"""A lint run quiets the cyclic garbage collector for its length only, and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from faq_checks.lint import engine

PAGE = "Title\n=====\n\n.. code-block:: python\n\n   import os\n"


def _states_seen(tmp_path, check) -> list[tuple]:
    (tmp_path / "page.rst").write_text(PAGE, encoding="utf-8")
    seen = []

    def recording(document, context):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return check(document, context)

    engine.lint([str(tmp_path / "page.rst")], checks=[recording], jobs=1)
    return seen


def test_old_objects_are_frozen_and_young_collections_rarer_during_a_run_only(tmp_path):
    before = (gc.get_threshold(), gc.get_freeze_count())
    seen = _states_seen(tmp_path, lambda document, context: [])
    assert seen and seen[0][0] == max(before[0][0], engine.YOUNG_OBJECTS) and seen[0][1] > 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_failing_run_restores_the_collector_too(tmp_path):
    before = (gc.get_threshold(), gc.get_freeze_count())

    def broken(document, context):
        raise KeyboardInterrupt  # not caught by the checker: it ends the run

    with pytest.raises(KeyboardInterrupt):
        _states_seen(tmp_path, broken)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_garbage_made_during_a_run_is_collected_after_it(tmp_path):
    import weakref

    class Node:
        pass

    kept = []

    def making_cycles(document, context):
        first, second = Node(), Node()
        first.other, second.other = second, first
        kept.append(weakref.ref(first))
        return []

    _states_seen(tmp_path, making_cycles)
    gc.collect()
    assert kept and kept[0]() is None


def test_what_the_caller_froze_stays_frozen(tmp_path):
    """A cycle frozen before the run (as the fork server freezes its heap) is still frozen after it: not collected."""
    import weakref

    class Node:
        pass

    enabled = gc.isenabled()
    gc.disable()  # no collection between making the garbage and freezing it
    try:
        first, second = Node(), Node()
        first.other, second.other = second, first
        frozen_garbage = weakref.ref(first)
        del first, second
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    try:
        _states_seen(tmp_path, lambda document, context: [])
        gc.collect()
        assert frozen_garbage() is not None, "the run thawed the caller's frozen objects"
    finally:
        gc.unfreeze()
        gc.collect()
    assert frozen_garbage() is None
