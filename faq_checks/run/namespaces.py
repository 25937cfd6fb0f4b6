"""
``--sandbox strict``: each worker in new user, mount and network namespaces,
with only loopback up and the project read-only.

Linux lets an unprivileged process create a user namespace and, inside it,
a network namespace (which starts with a single loopback interface, down)
and a mount namespace (a private copy of the mount table, where it may add
read-only bind mounts).  Python 3.11 has no ``os.unshare``, so the calls go
through ``ctypes``.  The worker does this right after the fork, while it is
still single-threaded (``unshare(CLONE_NEWUSER)`` refuses a threaded
process), before anything of the answer runs.  The user namespace maps only
the user's own uid and gid to themselves, so files keep their owners.

The calls themselves are in :mod:`faq_checks.run.namespace_calls`.
``python -m faq_checks.run.namespaces`` tries it all in a child and prints
what the kernel refused (exit 1), so that ``faq-check run --sandbox strict``
can say so before it runs anything.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable

from faq_checks.run import capabilities
from faq_checks.run import namespace_calls as calls
from faq_checks.run.namespace_calls import StrictRefused


def enter(read_only: Iterable[str], writable: str) -> None:
    """
    In the worker: new namespaces, loopback up, private empty /tmp, /var/tmp
    and /dev/shm, each folder of ``read_only`` (with everything mounted below
    it) read-only, and ``writable`` (the worker's own directory) writable
    even if it lies inside one of them; then no capability left, so that
    the answer cannot undo any of it (:mod:`faq_checks.run.capabilities`).  Folders of ``sys.path`` inside the
    temporary folders stay visible, read-only (a test's ``pythonpath``).
    """
    calls.enter_namespaces()
    calls.loopback_up()
    calls.make_mounts_private()
    temporary = [os.path.realpath(top) for top in calls.TEMPORARY]
    searched = [path for path in map(os.path.realpath, filter(None, sys.path))
                if os.path.isdir(path) and any(calls.inside(path, top) for top in temporary)]
    folders = sorted({os.path.realpath(folder) for folder in [*read_only, *searched] if os.path.isdir(folder)})
    writable = os.path.realpath(writable)
    bound_back = calls.hide_temporary_folders([*folders, writable])
    for folder in folders:
        if folder not in bound_back:
            calls.bind(folder)  # its own mount, so that read-only applies to it alone
        calls.set_read_only(folder)
    if writable not in bound_back and any(calls.inside(writable, folder) for folder in folders):
        calls.bind(writable)
        calls.set_read_only(writable, read_only=False)
    refused = capabilities.drop_all()  # else the answer could undo every mount above
    if refused:
        raise StrictRefused(f"dropping the capabilities the new user namespace gave: {refused}")


def homes() -> list[str]:
    """The user's real home: strict mode makes it read-only (a worker's ``HOME`` is its own directory)."""
    import pwd
    found = {os.path.expanduser("~")}
    try:
        found.add(pwd.getpwuid(os.getuid()).pw_dir)
    except KeyError:
        pass
    return sorted(path for path in found if path and path != "/" and os.path.isdir(path))


def project_folders(cwd: str | None) -> list[str]:
    """
    What strict mode makes read-only besides each answer's own folder: the
    project (the folder the runner starts in: pytest's rootdir, or where
    ``faq-check run`` runs), the Python environment (so that an answer
    cannot plant a module a later one imports), faq_checks itself, and the
    user's home (:func:`homes`).
    """
    import faq_checks
    return [os.path.abspath(cwd or os.getcwd()), sys.prefix, os.path.dirname(faq_checks.__file__), *homes()]


def missing() -> str | None:
    """What this machine refuses of :func:`enter`, tried in a child process; None if nothing."""
    with tempfile.TemporaryDirectory() as project:
        os.mkdir(os.path.join(project, "work"))
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read)
            try:
                enter([project], os.path.join(project, "work"))
                problem = _still_open(project)
            except StrictRefused as refused:
                problem = str(refused)
            except BaseException as error:  # noqa: BLE001 - report, never escape a child
                problem = f"{type(error).__name__}: {error}"
            os.write(write, (problem or "").encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as reply:
            problem = reply.read().decode()
        os.waitpid(pid, 0)
    return problem or None


def _still_open(project: str) -> str | None:
    """After :func:`enter`: a read-only project and a writable work folder, or what is wrong."""
    try:
        open(os.path.join(project, "planted"), "w").close()
        return f"{project} is still writable after the read-only bind mount"
    except OSError:
        pass
    try:
        open(os.path.join(project, "work", "file"), "w").close()
    except OSError as error:
        return f"the worker's own folder is not writable: {error}"
    return None


def refused_here() -> str | None:
    """
    :func:`missing`, asked of a fresh interpreter: the caller may have
    threads (pytest-xdist's), and a threaded process must not fork to try.
    """
    import subprocess
    probe = subprocess.run([sys.executable, "-m", "faq_checks.run.namespaces"], capture_output=True, text=True)
    if probe.returncode == 0:
        return None
    said = (probe.stdout.strip() or probe.stderr.strip()).splitlines()
    return said[-1] if said else f"the probe exited with status {probe.returncode}"


def main() -> int:
    problem = missing()
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
