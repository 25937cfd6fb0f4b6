"""
A cgroup v2 directory per worker, where the machine lets this process make one.

A process tree can be escaped: a process whose parent dies is re-parented to
the nearest subreaper, and once the worker (or the fork server) itself is
gone there is none.  Membership of a cgroup cannot be escaped by forking,
``setsid`` or re-parenting: every descendant starts in its parent's cgroup,
and writing ``1`` to ``cgroup.kill`` kills all of them at once, including
one forked while the kill runs.  Moving a process out needs write access to
another cgroup, which a sandboxed answer does not have in a real
deployment (here, as root, an answer could still move itself out: that is
not defended against).

Where no cgroup v2 hierarchy is mounted, or this process may not create a
directory in its own cgroup, :func:`create` returns None and the runner
relies on the subreapers alone.
"""

from __future__ import annotations

import os

from faq_checks.run.job_cgroups import CgroupTree


def _own_cgroup_dir(controller: str | None = None) -> str | None:
    """
    This process's directory in the cgroup v2 hierarchy, if one is mounted;
    with ``controller``, in the cgroup v1 hierarchy of that controller
    (``pids`` on a machine whose v2 hierarchy does not have it).
    """
    mount = None
    try:
        with open("/proc/self/mountinfo") as mounts:
            for line in mounts:
                before, _, after = line.partition(" - ")
                kind = after.split()
                if (controller is None and kind[:1] == ["cgroup2"]) or (
                        controller is not None and kind[:1] == ["cgroup"]
                        and controller in kind[-1].split(",")):
                    mount = before.split()[4]
                    break
        prefix = f":{controller}:" if controller else "0::"
        with open("/proc/self/cgroup") as groups:
            path = next((line.strip().split(":", 2)[2] for line in groups
                         if line.startswith("0::") == (controller is None)
                         and (controller is None or prefix in line)), None)
    except OSError:
        return None
    if mount is None or path is None:
        return None
    return os.path.join(mount, path.lstrip("/"))


def _remove_stale(own: str) -> None:
    """
    Empty and remove the directories of fork servers that are gone (killed
    before they could remove their own): what their answers left is killed.
    """
    try:
        names = os.listdir(own)
    except OSError:
        return
    for name in names:
        pid = name.removeprefix("faq-check-")
        if name.startswith("faq-check-") and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            CgroupTree(os.path.join(own, name)).remove()


def _fresh_dir(controller: str | None = None) -> str | None:
    """This server's own new directory below its cgroup (stale ones of dead servers removed first)."""
    own = _own_cgroup_dir(controller)
    if own is None:
        return None
    _remove_stale(own)
    path = os.path.join(own, f"faq-check-{os.getpid()}")
    try:
        os.mkdir(path)
    except OSError:
        return None
    return path


def _drop(path: str) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass


def create_pids() -> CgroupTree | None:
    """
    Where only a cgroup v1 ``pids`` hierarchy offers it (a controller is in
    one hierarchy at a time: never both this and v2's), a tree of cgroups
    that limit each worker's processes (the sandbox's ``processes`` limit,
    which RLIMIT_NPROC cannot give: it counts all of the user's processes,
    and not at all for root).  None where it is not writable.
    """
    path = _fresh_dir("pids")
    if path is None:
        return None
    if os.path.exists(os.path.join(path, "pids.max")):
        return CgroupTree(path, counts=True)
    _drop(path)
    return None


def _controllers(path: str, name: str = "cgroup.controllers") -> list[str]:
    try:
        with open(os.path.join(path, name)) as listed:
            return listed.read().split()
    except OSError:
        return []


def _enable(path: str, controller: str) -> bool:
    try:
        with open(os.path.join(path, "cgroup.subtree_control"), "w") as control:
            control.write(f"+{controller}")
        return True
    except OSError:
        return False


def enable_pids(own: str, tree: str) -> bool:
    """
    Turn the cgroup v2 ``pids`` controller on for the job cgroups below
    ``tree`` (a child of ``own``, this process's cgroup), where it is
    delegated to this user: ``pids`` must be in ``own``'s
    ``cgroup.controllers``, and ``own`` must pass it down to ``tree`` (already
    in its ``cgroup.subtree_control``, or enabled now: the kernel allows that
    for ``pids``, a threaded controller, even in a cgroup with processes,
    unless a domain controller is on there or a child holds processes).  A
    write the kernel refuses fails, so a write that succeeds is the answer.
    False wherever a step is refused; then at most ``own`` has ``pids`` on
    for its children, which limits nothing (their ``pids.max`` is "max").
    """
    if "pids" not in _controllers(tree):
        if "pids" not in _controllers(own) or not _enable(own, "pids"):
            return False
    return _enable(tree, "pids")


def create() -> CgroupTree | None:
    """
    A fresh cgroup directory below this process's own, or None where that is
    not allowed; where cgroup v2's ``pids`` is delegated, its job cgroups
    count processes too (:attr:`CgroupTree.counts`).
    """
    path = _fresh_dir()
    if path is None:
        return None
    if not _probe(path, "cgroup.kill"):  # kernels before 5.14 have no cgroup.kill
        _drop(path)
        return None
    counts = enable_pids(os.path.dirname(path), path) and _probe(path, "pids.max")
    return CgroupTree(path, counts)


def _probe(tree: str, name: str) -> bool:
    """Whether a child cgroup of ``tree`` has the file ``name`` (so a controller is on for it)."""
    probe = os.path.join(tree, "probe")
    try:
        os.mkdir(probe)
    except OSError:
        return False
    try:
        return os.path.exists(os.path.join(probe, name))
    finally:
        _drop(probe)


def left_by(server: int) -> list[CgroupTree]:
    """
    The cgroup directories of fork server ``server`` (started by this
    process) that are still there: its v2 tree, and its v1 ``pids`` tree.
    """
    trees = []
    for controller in (None, "pids"):
        own = _own_cgroup_dir(controller)
        path = os.path.join(own, f"faq-check-{server}") if own else None
        if path and os.path.isdir(path):
            trees.append(CgroupTree(path))
    return trees
