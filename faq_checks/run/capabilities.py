"""
Give up every capability, for good, once strict mode's namespaces are set up.

``unshare(CLONE_NEWUSER)`` leaves the worker with every capability inside
its new user namespace, and the mounts it then made (the private /tmp, the
read-only binds) belong to that namespace: with ``CAP_SYS_ADMIN`` an answer
could unmount its private /tmp (revealing the real one, and the folders bound
back onto the tmpfs with it) or make a read-only bind writable again.  So,
before the answer runs, the worker empties its capability bounding set (so
no ``execve``, not even of a program run as uid 0, gives any back), clears
its ambient set, sets its own sets to nothing (``capset``), and sets
``no_new_privs`` (setuid and file capabilities grant nothing).  A nested user
namespace the answer may still make gives capabilities only there, over
copies of these mounts that the kernel locks: it cannot unmount them or
clear their read-only flag.
"""

from __future__ import annotations

import ctypes

PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _last_capability() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as last:
            return int(last.read())
    except (OSError, ValueError):
        return 63  # dropping one the kernel does not know is EINVAL, ignored below


def drop_all() -> str | None:
    """Drop every capability of this process and what it starts; None, or the step the kernel refused."""
    for capability in range(_last_capability() + 1):
        if _libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 and ctypes.get_errno() != 22:
            return f"prctl(PR_CAPBSET_DROP, {capability}): errno {ctypes.get_errno()}"
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)  # EINVAL before Linux 4.3: none to clear
    header, data = _Header(LINUX_CAPABILITY_VERSION_3, 0), (_Data * 2)()
    if _libc.capset(ctypes.byref(header), data) != 0:
        return f"capset(no capabilities): errno {ctypes.get_errno()}"
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS): errno {ctypes.get_errno()}"
    return None
