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

``python -m faq_checks.run.namespaces`` tries it all in a child and prints
what the kernel refused (exit 1), so that ``faq-check run --sandbox strict``
can say so before it runs anything.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct
import sys
import tempfile
from collections.abc import Iterable

from faq_checks.run import capabilities

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
#: mount_setattr(2) (Linux 5.12+; the same number on every architecture).
SYS_MOUNT_SETATTR = 442
AT_FDCWD = -100
AT_RECURSIVE = 0x8000
MOUNT_ATTR_RDONLY = 0x1
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p]
_libc.syscall.restype = ctypes.c_long


class StrictRefused(Exception):
    """The kernel refused a step; ``str()`` names the step and why."""


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _check(result: int, step: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise StrictRefused(f"{step}: {os.strerror(number)}")


def _write(path: str, text: str, step: str) -> None:
    try:
        with open(path, "w") as handle:
            handle.write(text)
    except OSError as error:
        raise StrictRefused(f"{step}: {error.strerror}") from None


def _enter_namespaces() -> None:
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET),
           "unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) (are unprivileged user namespaces "
           "allowed? /proc/sys/user/max_user_namespaces, kernel.unprivileged_userns_clone, "
           "kernel.apparmor_restrict_unprivileged_userns)")
    _write("/proc/self/setgroups", "deny", "writing /proc/self/setgroups")
    _write("/proc/self/uid_map", f"{uid} {uid} 1", "writing /proc/self/uid_map")
    _write("/proc/self/gid_map", f"{gid} {gid} 1", "writing /proc/self/gid_map")


def _loopback_up() -> None:
    """Bring ``lo`` up in the new network namespace: 127.0.0.1 works, nothing else exists."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            request = struct.pack("16sH14s", b"lo", 0, b"")
            flags = struct.unpack("16sH", fcntl.ioctl(probe, SIOCGIFFLAGS, request)[:18])[1]
            fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))
    except OSError as error:
        raise StrictRefused(f"bringing up the loopback interface: {error.strerror}") from None


def _set_read_only(path: str, read_only: bool = True) -> None:
    attr = _MountAttr(MOUNT_ATTR_RDONLY if read_only else 0, 0 if read_only else MOUNT_ATTR_RDONLY, 0, 0)
    _check(_libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, os.fsencode(path), AT_RECURSIVE,
                         ctypes.byref(attr), ctypes.sizeof(attr)),
           f"mount_setattr({path}, {'read-only' if read_only else 'writable'}) (Linux 5.12+)")


def _bind(path: str) -> None:
    raw = os.fsencode(path)
    _check(_libc.mount(raw, raw, None, MS_BIND | MS_REC, None), f"bind-mounting {path}")


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


#: Folders every process may write to: in strict mode each worker gets its own empty ones.
TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm")
MS_NOSUID, MS_NODEV = 0x2, 0x4


def _hide_temporary_folders(keep: Iterable[str]) -> set[str]:
    """
    A private, empty tmpfs over each of :data:`TEMPORARY`, so that nothing the
    answer writes there outlives it or reaches another process, and nothing
    others left there is seen.  Each folder of ``keep`` that lay inside one
    (the worker's own directory is in /dev/shm or /tmp; a project may be) is
    bound back at its place, from a descriptor opened before the tmpfs hid
    it; returns those folders (each its own mount now).
    """
    tops = sorted({os.path.realpath(top) for top in TEMPORARY if os.path.isdir(top)})
    kept = sorted(set(keep))
    hidden = [path for path in kept if any(_inside(path, top) for top in tops)
              and not any(other != path and _inside(path, other) for other in kept)]
    descriptors = {path: os.open(path, os.O_PATH | os.O_DIRECTORY) for path in hidden}
    try:
        for top in tops:
            _check(_libc.mount(b"tmpfs", os.fsencode(top), b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=1777"),
                   f"mounting a private tmpfs on {top}")
        for path, fd in descriptors.items():
            os.makedirs(path, exist_ok=True)
            _check(_libc.mount(f"/proc/self/fd/{fd}".encode(), os.fsencode(path), None, MS_BIND | MS_REC, None),
                   f"binding {path} back over the private tmpfs")
    finally:
        for fd in descriptors.values():
            os.close(fd)
    return set(hidden)


def enter(read_only: Iterable[str], writable: str) -> None:
    """
    In the worker: new namespaces, loopback up, private empty /tmp, /var/tmp
    and /dev/shm, each folder of ``read_only`` (with everything mounted below
    it) read-only, and ``writable`` (the worker's own directory) writable
    even if it lies inside one of them; then no capability left, so that
    the answer cannot undo any of it (:mod:`faq_checks.run.capabilities`).  Folders of ``sys.path`` inside the
    temporary folders stay visible, read-only (a test's ``pythonpath``).
    """
    _enter_namespaces()
    _loopback_up()
    _check(_libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None),
           "making the mount namespace private (mount / MS_REC|MS_PRIVATE)")
    temporary = [os.path.realpath(top) for top in TEMPORARY]
    searched = [path for path in map(os.path.realpath, filter(None, sys.path))
                if os.path.isdir(path) and any(_inside(path, top) for top in temporary)]
    folders = sorted({os.path.realpath(folder) for folder in [*read_only, *searched] if os.path.isdir(folder)})
    writable = os.path.realpath(writable)
    bound_back = _hide_temporary_folders([*folders, writable])
    for folder in folders:
        if folder not in bound_back:
            _bind(folder)  # its own mount, so that read-only applies to it alone
        _set_read_only(folder)
    if writable not in bound_back and any(_inside(writable, folder) for folder in folders):
        _bind(writable)
        _set_read_only(writable, read_only=False)
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
