"""
The Linux calls ``--sandbox strict`` is made of, through ``ctypes`` (Python
3.11 has no ``os.unshare``): new namespaces, loopback up, bind mounts made
read-only with ``mount_setattr``, private temporary folders.  What strict
mode does with them, and whether this machine allows it, is
:mod:`faq_checks.run.namespaces`' part.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct
from collections.abc import Iterable

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


def make_mounts_private() -> None:
    """Mount events in this namespace stay in it (and none come in from outside)."""
    _check(_libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None),
           "making the mount namespace private (mount / MS_REC|MS_PRIVATE)")


def enter_namespaces() -> None:
    """New user, mount and network namespaces, the user's own uid and gid mapped to themselves."""
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET),
           "unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) (are unprivileged user namespaces "
           "allowed? /proc/sys/user/max_user_namespaces, kernel.unprivileged_userns_clone, "
           "kernel.apparmor_restrict_unprivileged_userns)")
    _write("/proc/self/setgroups", "deny", "writing /proc/self/setgroups")
    _write("/proc/self/uid_map", f"{uid} {uid} 1", "writing /proc/self/uid_map")
    _write("/proc/self/gid_map", f"{gid} {gid} 1", "writing /proc/self/gid_map")


def loopback_up() -> None:
    """Bring ``lo`` up in the new network namespace: 127.0.0.1 works, nothing else exists."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            request = struct.pack("16sH14s", b"lo", 0, b"")
            flags = struct.unpack("16sH", fcntl.ioctl(probe, SIOCGIFFLAGS, request)[:18])[1]
            fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))
    except OSError as error:
        raise StrictRefused(f"bringing up the loopback interface: {error.strerror}") from None


def set_read_only(path: str, read_only: bool = True) -> None:
    """The mount at ``path`` and every mount below it read-only (or writable again)."""
    attr = _MountAttr(MOUNT_ATTR_RDONLY if read_only else 0, 0 if read_only else MOUNT_ATTR_RDONLY, 0, 0)
    _check(_libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, os.fsencode(path), AT_RECURSIVE,
                         ctypes.byref(attr), ctypes.sizeof(attr)),
           f"mount_setattr({path}, {'read-only' if read_only else 'writable'}) (Linux 5.12+)")


def bind(path: str) -> None:
    """``path`` bound over itself: a mount of its own, so that read-only applies to it alone."""
    raw = os.fsencode(path)
    _check(_libc.mount(raw, raw, None, MS_BIND | MS_REC, None), f"bind-mounting {path}")


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both real paths)."""
    return os.path.commonpath([path, folder]) == folder


#: Folders every process may write to: in strict mode each worker gets its own empty ones.
TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm")
MS_NOSUID, MS_NODEV = 0x2, 0x4


def hide_temporary_folders(keep: Iterable[str]) -> set[str]:
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
    hidden = [path for path in kept if any(inside(path, top) for top in tops)
              and not any(other != path and inside(path, other) for other in kept)]
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
