"""
A project's own catalogue rules, run with a deadline.

Python's ``re`` cannot be interrupted: a signal handler waits until the
match returns, and no thread can stop it.  :mod:`.regexshape` refuses the
shapes that backtrack exponentially when the catalogue loads, but a rule it
lets through can still be slow on a large paragraph (polynomial
backtracking, a huge alternation).  The built-in rules are tested for linear
time; a project's rules are not, so they run in a forked child (one for
the run, started at the first document): for each document's texts it
reports, for each text and rule, where the matches start.  The parent then matches again only at those
places (each of those matches finished in the child) to get the match
objects the rules' messages are built from.  A child still busy at the
deadline is killed (a new one serves the next document), the rule it was
on is named in an error (exit 2), and the document keeps every other finding.  A length-bounded window was the
other choice; it would cut matches that span the window's edge and still
not bound a polynomial rule's time within the window.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

#: Seconds one document's texts may take under a project's own rules.
DEFAULT_DEADLINE = 10.0


class RuleTooSlow(Exception):
    """The child ran out of time; ``code`` is the rule it was on."""

    def __init__(self, code: str, seconds: float) -> None:
        super().__init__(code)
        self.code, self.seconds = code, seconds


class Guard:
    """
    One child process that matches the project's rules, reused document
    after document (forking one per document cost 35 ms each); started at
    the first document, killed and started afresh after a deadline, and
    ended when the guard is dropped (its checker's context goes) or the
    process exits.
    """

    def __init__(self, patterns: Sequence[tuple[str, object]]) -> None:
        self.patterns = list(patterns)
        self._child = None

    def starts(self, texts: Sequence[str], deadline: float = DEFAULT_DEADLINE) -> list[list[list[int]]]:
        """For each text, for each ``(code, pattern)``, the offsets where its matches start."""
        if not self.patterns or not texts:
            return [[[] for _ in self.patterns] for _ in texts]
        if self._child is None:
            self._start()
        process, connection, progress, _ = self._child
        connection.send(list(texts))
        if not connection.poll(deadline):
            on = progress.value
            self.close()
            code = self.patterns[on][0] if 0 <= on < len(self.patterns) else self.patterns[0][0]
            raise RuleTooSlow(code, deadline)
        return connection.recv()

    def close(self) -> None:
        if self._child is not None:
            *_, finalizer = self._child
            self._child = None
            finalizer()

    def _start(self) -> None:
        import multiprocessing  # only a project with rules of its own pays for it

        context = multiprocessing.get_context("fork")  # the compiled patterns are inherited, never pickled
        ours, theirs = context.Pipe()
        progress = context.Value("i", -1, lock=False)
        process = context.Process(target=_serve, args=(self.patterns, theirs, progress), daemon=True)
        process.start()
        theirs.close()
        self._child = (process, ours, progress, weakref.finalize(self, _end, process, ours))


def _end(process, connection) -> None:
    """Stop the child: it may be stuck in a match, so it is killed, not asked."""
    connection.close()
    if process.is_alive():
        process.kill()
    process.join()


def match_starts(patterns: Sequence[tuple[str, object]], texts: Sequence[str],
                 deadline: float = DEFAULT_DEADLINE) -> list[list[list[int]]]:
    """:meth:`Guard.starts` with a guard of its own, ended before it returns."""
    guard = Guard(patterns)
    try:
        return guard.starts(texts, deadline)
    finally:
        guard.close()


def _serve(patterns, connection, progress) -> None:
    """In the child: each batch of texts received is answered with where every pattern matches."""
    while True:
        try:
            texts = connection.recv()
        except (EOFError, OSError):
            return
        found = []
        for text in texts:
            row = []
            for index, (_code, pattern) in enumerate(patterns):
                progress.value = index
                row.append([match.start() for match in pattern.finditer(text)])
            found.append(row)
        progress.value = -1
        connection.send(found)
