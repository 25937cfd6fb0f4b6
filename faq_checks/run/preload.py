"""
What the fork server does once, before its first fork, so that no worker
pays for it: import what every answer needs (:data:`PRELOAD`), warm Sybil's
code paths (:func:`warm_up`), and choose where the workers' directories go
(:func:`scratch_base`).  And what it checks before every fork
(:func:`fork_hazard`): a worker must not inherit a reactor or a thread.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

from faq_checks.run.samples import parse_answer

#: Imported before any fork, so that workers start with them loaded: what a
#: reactor install needs (every reactor a worker may pick, and the transports
#: they import), and what typical answers import (twistd, package metadata).
#: None of them installs a reactor; :func:`fork_hazard` checks that at every
#: fork.  Each import costs once here instead of once per answer.
PRELOAD = (
    "twisted.internet.defer", "twisted.internet.protocol", "twisted.internet.task",
    "twisted.internet.threads", "twisted.internet.utils", "twisted.internet.endpoints",
    "twisted.internet.error", "twisted.internet.interfaces", "twisted.python.failure",
    "twisted.python.log", "twisted.logger", "twisted.application.service",
    "twisted.application.internet", "twisted.persisted.sob", "twisted.web.server",
    "twisted.web.client", "sybil", "doctest",
    # a reactor install: the default reactor and the others an answer may choose
    "twisted.internet.default", "twisted.internet.epollreactor", "twisted.internet.pollreactor",
    "twisted.internet.selectreactor", "twisted.internet.asyncioreactor",
    "twisted.internet.posixbase", "twisted.internet.tcp", "twisted.internet.udp",
    "twisted.internet.unix", "twisted.internet.process", "twisted.internet.stdio",
    # what answers import besides
    "twisted.scripts.twistd", "twisted.python.usage", "importlib.metadata", "encodings.idna",
)

#: Parsed and run once before any fork: every worker then inherits Sybil's
#: compiled regular expressions and warmed code paths instead of building
#: them again (the parse of a trivial answer in a worker went from 4.3 to
#: 1.8 ms of CPU).  It touches no reactor and writes nothing to the answers'.
WARM_UP = """Warm-up
=======

.. code-block:: python

    warm = 1

.. doctest::

    >>> warm + 1
    2

A file:

.. code-block:: text

    contents

.. -> captured
"""

#: Seconds between the stack dump signal and the kill, on a timeout.
DUMP_GRACE = 0.5


#: Where the workers' directories go unless the user chose a TMPDIR: memory,
#: because on a disk creating and removing one costs milliseconds per answer.
MEMORY_SCRATCH = "/dev/shm"


def scratch_base() -> str | None:
    """The folder for the workers' directories: the user's TMPDIR if set, else memory if usable."""
    if any(os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")):
        return None  # tempfile's own choice, which honours them
    if os.path.isdir(MEMORY_SCRATCH) and os.access(MEMORY_SCRATCH, os.W_OK | os.X_OK):
        return MEMORY_SCRATCH
    return None


#: How many times :func:`warm_up` parses and runs it.  Python specialises
#: code it has run a few times, so a worker that inherits specialised code
#: rewrites (and copies) fewer pages: the first parse of a trivial answer in
#: a worker took 1.96 ms of CPU after one warm-up round, 1.62 ms after 10 (1 ms at start).
WARM_UP_ROUNDS = 10


def warm_up(rounds: int = WARM_UP_ROUNDS) -> None:
    """Parse and run :data:`WARM_UP` in this process (see there for why)."""
    fd, path = tempfile.mkstemp(prefix="faq-check-warm-up-", suffix=".rst", dir=scratch_base())
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as source:
            source.write(WARM_UP)
        for _ in range(rounds):
            for example in parse_answer(path).examples:
                example.evaluate()
    finally:
        os.unlink(path)


class ForkHazard(Exception):
    """Forking now would hand every worker a broken process."""


def fork_hazard() -> str | None:
    """
    Why this process must not fork, or None.  An installed reactor would be
    every answer's reactor, and ``ReactorAlreadyInstalledError`` for answers
    that pick their own; a second thread may hold a lock (the import lock,
    a logging handler's) that no thread in the child would ever release.
    """
    if "twisted.internet.reactor" in sys.modules:
        return "twisted.internet.reactor is imported, so every worker would inherit its reactor"
    threads = len(os.listdir("/proc/self/task"))  # native threads too, not only threading's
    if threads != 1:
        return f"{threads} threads are running, and a worker would inherit their locks held"
    return None



def preload() -> None:
    """Import :data:`PRELOAD` and run :func:`warm_up`: the fork server's start."""
    for name in PRELOAD:
        importlib.import_module(name)
    warm_up()
