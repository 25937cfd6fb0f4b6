"""
What is kept of each checked document until the end of the run, on disk instead of in memory.

The engine can judge a document's deferred findings only once every
document has been read (see :mod:`.questions`), so each
:class:`~faq_checks.lint.checker.Checked` waits until then: its findings,
its deferred mentions (a tree with many code samples names thousands of
Twisted names), its silencers and fixes.  Held as objects, that grows with
the tree; written one after the other to an anonymous temporary file and
read back in the same order, it costs a few bytes of memory per document,
so peak memory stays flat however large the tree.  The first few stay in
memory (a one-file run from an editor never creates the file, nor imports
:mod:`tempfile`).  A record that cannot be pickled (it never should) stays
in memory, in its place.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator

#: Items kept as they are before the rest go to the file.
IN_MEMORY = 16
_IN_FILE = object()  # in _kept: the item is the next record of the file


class Spill:
    """An append-only sequence, kept in a temporary file, read back once in order."""

    def __init__(self) -> None:
        self._file = None
        self._kept: list[object] = []
        self._count = 0

    def append(self, item: object) -> None:
        if self._count < IN_MEMORY:
            self._kept.append(item)
            self._count += 1
            return
        if self._file is None:
            import tempfile  # late: see above
            self._file = tempfile.TemporaryFile(prefix="faq-check-")
        try:
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            self._kept.append(item)
        else:  # written whole or not at all, so the file never holds half a record
            self._file.write(data)
            self._kept.append(_IN_FILE)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[object]:
        """Every item in the order appended; the file is closed (and gone) afterwards."""
        if self._file is not None:
            self._file.flush()
            self._file.seek(0)
        try:
            for held in self._kept:
                yield pickle.load(self._file) if held is _IN_FILE else held
        finally:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._kept = []

    def __enter__(self) -> "Spill":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
