"""
What a lint run holds while it waits for the end of the tree: not the documents' results.

Every document's findings and deferred mentions wait until the whole tree
is read (see faq_checks.lint.spill); they wait on disk, so memory does not
grow with the tree.  Counted when the run's questions are answered, the
moment the most is waiting.
"""

from __future__ import annotations

import gc

from faq_checks.lint import engine, questions
from faq_checks.lint.checker import Checked
from faq_checks.lint.spill import IN_MEMORY, Spill

PAGE = """Page {n}
=======

See :ref:`nowhere-{n}` and ``twisted.internet.defer.Deferred``.

.. code-block:: python

    from twisted.internet import reactor, defer
    reactor.callLater(1, defer.succeed, {n})
"""


def _alive(kind: type) -> int:
    return sum(1 for item in gc.get_objects() if isinstance(item, kind))


def test_checked_documents_wait_on_disk(tmp_path, monkeypatch):
    documents = 3 * IN_MEMORY
    for n in range(documents):
        (tmp_path / f"page{n}.rst").write_text(PAGE.format(n=n), encoding="utf-8")
    counted = []
    answers = questions.Questions.answers

    def counting(self):
        counted.append(_alive(Checked))
        return answers(self)

    monkeypatch.setattr(questions.Questions, "answers", counting)
    result = engine.lint([str(tmp_path)], jobs=1)
    assert result.files == documents and not result.errors
    assert sum(f.code == "REF001" for f in result.findings) == documents, "every document's deferred findings came back"
    assert counted and max(counted) <= IN_MEMORY + 1, f"{max(counted)} of {documents} checked documents held in memory"


def test_spill_gives_back_everything_in_order():
    unpicklable = lambda: None  # noqa: E731 -- kept in memory, in its place
    items = list(range(IN_MEMORY)) + [1, "two", unpicklable, (3, frozenset({4}))]
    with Spill() as spill:
        for item in items:
            spill.append(item)
        assert len(spill) == len(items)
        assert list(spill) == items
