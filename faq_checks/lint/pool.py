"""
Files checked by this process and by workers forked beside it, handed out
one at a time, their results given back in file order.

``concurrent.futures`` cost more than it gave on a docs tree: importing it
and ``multiprocessing`` (~15 ms), a parent that only waited while its
workers checked, chunks of four files in path order that left one worker
finishing alone, and every result pickled twice over.  Here ``jobs - 1``
workers are forked (they start with the linter's modules, settings and
checks in hand) and this process checks files too.  Which file is next is
a 4-byte index read from one pipe they all share, written whole before the
first fork and then closed: whoever is free takes the next file, nobody
has to ask, and at the end no process waits on another for more than one
file.  Each worker sends what is kept of each document (a pickled
:class:`~faq_checks.lint.checker.Checked`) back through a pipe of its own;
this process reads those between its own files and yields everything in
file order.  A worker that dies loses nothing: a file without a result
once every worker is gone is checked here, as it would have been alone.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
from collections.abc import Callable, Iterator, Sequence

#: What precedes each result on a worker's pipe: the file's index and the pickle's length.
HEADER = struct.Struct("<II")
#: An index in the task pipe.
INDEX = struct.Struct("<I")
#: What a worker's result pipe is widened to, so that it seldom waits on this process to read.
RESULT_PIPE = 1 << 20


def checked_in_order(files: Sequence[str], jobs: int, check: Callable[[str], object]) -> Iterator[object]:
    """``check(path)`` of every file, in order, by this process and ``jobs - 1`` forked workers."""
    tasks, chunk = _task_pipe(len(files))
    workers: dict[int, int] = {}  # result pipe -> worker's pid
    try:
        for _ in range(jobs - 1):
            pipe, pid = _fork_worker(tasks, chunk, files, check, list(workers))
            workers[pipe] = pid
        buffers = {pipe: bytearray() for pipe in workers}
        done: dict[int, object] = {}
        given = 0
        while (start := _take(tasks)) is not None:
            for index in range(start, min(start + chunk, len(files))):
                done[index] = check(files[index])
            _collect(workers, buffers, done, wait=False)
            while given in done:
                yield done.pop(given)
                given += 1
        while workers:
            _collect(workers, buffers, done, wait=True)
            while given in done:
                yield done.pop(given)
                given += 1
        for index in range(given, len(files)):  # a worker died with these in hand
            yield done.pop(index) if index in done else check(files[index])
    finally:
        os.close(tasks)
        for pipe, pid in workers.items():  # interrupted: the workers go too
            os.close(pipe)
            _end(pid)


def _task_pipe(count: int) -> tuple[int, int]:
    """
    A pipe holding the start index of every chunk of files, its write end
    closed (so that reading it ends), and the chunk's size: one file, unless
    a tree has more files than the pipe has room for 4-byte indices.
    """
    reading, writing = os.pipe()
    try:
        import fcntl
        room = fcntl.fcntl(writing, fcntl.F_GETPIPE_SZ)
    except (ImportError, AttributeError, OSError):
        room = 4096  # PIPE_BUF on Linux, the least a pipe holds
    chunk = -(-count // (room // INDEX.size))
    data = b"".join(INDEX.pack(start) for start in range(0, count, chunk))
    while data:  # it fits: no reader is needed to write it all
        data = data[os.write(writing, data):]
    os.close(writing)
    return reading, chunk


def _take(tasks: int) -> int | None:
    """The next chunk's first index; None once every chunk is taken (each index is written and read whole)."""
    data = os.read(tasks, INDEX.size)
    return INDEX.unpack(data)[0] if data else None


def _fork_worker(tasks: int, chunk: int, files: Sequence[str], check: Callable[[str], object],
                 others: list[int]) -> tuple[int, int]:
    """A worker taking chunks from ``tasks`` until none is left; its result pipe and pid."""
    reading, writing = os.pipe()
    try:
        import fcntl
        fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, RESULT_PIPE)
    except (ImportError, AttributeError, OSError):
        pass  # a narrower pipe only makes the worker wait for this process more often
    pid = os.fork()
    if pid:
        os.close(writing)
        return reading, pid
    status = 1
    try:  # the worker: never returns
        os.close(reading)
        for pipe in others:  # the other workers' pipes: only their own process may hold them
            os.close(pipe)
        while (start := _take(tasks)) is not None:
            for index in range(start, min(start + chunk, len(files))):
                data = pickle.dumps(check(files[index]), protocol=pickle.HIGHEST_PROTOCOL)
                _write_all(writing, HEADER.pack(index, len(data)) + data)
        status = 0
    except BaseException:  # a bug, ^C, a closed pipe: the parent checks what was not sent
        pass
    finally:
        os._exit(status)  # not the parent's atexit handlers nor its buffered output


def _write_all(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view):]


def _collect(workers: dict[int, int], buffers: dict[int, bytearray], done: dict[int, object], wait: bool) -> None:
    """The results the workers have sent, into ``done``; waits for one if ``wait``; a worker that ends is reaped."""
    ready, _, _ = select.select(list(workers), [], [], None if wait else 0)
    for pipe in ready:
        data = os.read(pipe, RESULT_PIPE)
        if not data:
            os.close(pipe)
            _reap(workers.pop(pipe))
            del buffers[pipe]
            continue
        buffer = buffers[pipe]
        buffer += data
        while len(buffer) >= HEADER.size:
            index, length = HEADER.unpack_from(buffer)
            if len(buffer) < HEADER.size + length:
                break
            done[index] = pickle.loads(buffer[HEADER.size:HEADER.size + length])
            del buffer[:HEADER.size + length]


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)
