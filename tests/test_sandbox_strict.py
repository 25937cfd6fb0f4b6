"""
``--sandbox strict``: no network but loopback, the project read-only, and
a clear refusal (exit 2) where the kernel does not allow it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from unittest import mock

import pytest

from faq_checks.run import namespaces
from faq_checks.run.client import Runner
from tests.helpers import SAMPLES

ANSWERS = Path(__file__).parents[1] / "answers"
REFUSED = namespaces.refused_here()
needs_namespaces = pytest.mark.skipif(REFUSED is not None, reason=f"strict mode refused here: {REFUSED}")

REACHES_OUT = """\
Reaches out of its worker
=========================

.. code-block:: python

    import os, socket

    outside = socket.socket()
    outside.settimeout(5)
    try:
        outside.connect(("192.0.2.1", 80))  # TEST-NET-1: routed nowhere real
        print("outside: connected")
    except OSError as error:
        print("outside:", error)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    with socket.create_connection(server.getsockname(), timeout=5):
        print("loopback: connected")
    try:
        with open(os.path.join(PROJECT, "planted.py"), "w") as planted:
            planted.write("raise SystemExit('planted')\\n")
        print("project: written")
    except OSError as error:
        print("project:", error)
    with open(os.path.join(os.environ["HOME"], "own"), "w") as own:
        own.write("fine")
    print("home: written")
    for place in (REAL_HOME, OUTSIDE, "/tmp", "/dev/shm"):
        try:
            with open(os.path.join(place, MARK), "w") as planted:
                planted.write("planted")
            print("wrote", place)
        except OSError as error:
            print("refused", place, error.strerror)
    print("sees the runner's file:", os.path.exists(os.path.join(OUTSIDE, "from-the-runner")))
    holders = 0  # processes whose environment, as the kernel shows it, holds the secret
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                holders += b"FAQ_SECRET_TOKEN=" in environ.read()
        except OSError:
            pass
    print("secret holders:", holders)
    raise RuntimeError("shown what it could reach")
"""


def _reach(tmp_path, mode: str) -> str:
    """What the answer above could do, and which of its marks are left outside its worker."""
    project, home, outside = tmp_path / mode, tmp_path / "home", tmp_path / "outside"  # all below /tmp
    for folder in (project, home, outside):
        folder.mkdir()
    (outside / "from-the-runner").write_text("left by the runner")
    mark = f"faqchk-strict-{uuid.uuid4().hex}"
    answer = project / "reaches-out.rst"
    answer.write_text(REACHES_OUT.replace("PROJECT", repr(str(project))).replace("REAL_HOME", repr(str(home)))
                      .replace("OUTSIDE", repr(str(outside))).replace("MARK", repr(mark)))
    # One of the user's processes started with a secret, as a shell may hold one.
    holder = subprocess.Popen(["sleep", "60"], env={**os.environ, "FAQ_SECRET_TOKEN": "s3cr3t"})
    try:
        with mock.patch.dict(os.environ, {"HOME": str(home)}), \
                Runner(jobs=1, timeout=30, cwd=str(project), settings={"sandbox": mode}) as runner:
            [outcome] = runner.run([str(answer)])
    finally:
        holder.kill()
        holder.wait()
        left = [place for place in (home, outside, "/tmp", "/dev/shm") if os.path.exists(os.path.join(place, mark))]
        for place in left:
            os.unlink(os.path.join(place, mark))
    assert outcome.status == "failed"
    return ("\n".join(failure.message for failure in outcome.failures)
            + f"\nplanted: {(project / 'planted.py').exists()}\nleft: {sorted(map(str, left))}")


@needs_namespaces
def test_strict_allows_loopback_only_and_keeps_the_project_read_only(tmp_path):
    text = _reach(tmp_path, "strict")
    assert "outside: [Errno 101] Network is unreachable" in text, text
    assert "loopback: connected" in text
    assert "project: [Errno 30] Read-only file system" in text
    assert "home: written" in text and "planted: False" in text
    assert "secret holders: 0" in text  # /proc/PID/environ outside its user namespace: EACCES


@needs_namespaces
def test_strict_gives_a_private_tmp_and_keeps_the_real_home_read_only(tmp_path):
    text = _reach(tmp_path, "strict")
    assert f"refused {tmp_path / 'home'} Read-only file system" in text, text
    assert f"refused {tmp_path / 'outside'} No such file or directory" in text  # /tmp is its own, empty
    assert "wrote /tmp" in text and "wrote /dev/shm" in text  # ... and writable
    assert "sees the runner's file: False" in text
    assert "left: []" in text  # nothing it wrote is anywhere outside its worker


def test_without_strict_the_same_answer_writes_into_the_project(tmp_path):
    """What strict takes away: by default the project is writable (README says so)."""
    text = _reach(tmp_path, "default")
    assert "project: written" in text and "planted: True" in text, text
    assert "sees the runner's file: True" in text and f"wrote {tmp_path / 'home'}" in text
    assert "left: ['/dev/shm', '/tmp'," in text  # (removed again by the test)
    assert "secret holders: 0" not in text  # the README's first "does not protect"


@needs_namespaces
def test_strict_runs_a_twisted_answer_on_loopback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "faq_checks", "run", "--sandbox", "strict",
                             str(ANSWERS / "core" / "peer-ip-address.rst"), str(SAMPLES / "passes.rst")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 of 2 answers passed" in result.stdout


@needs_namespaces
def test_strict_where_the_kernel_refuses_is_exit_2_naming_what(tmp_path):
    # In a user namespace of its own whose limit of user namespaces is 0, creating one fails.
    script = (f"echo 0 > /proc/sys/user/max_user_namespaces && exec {sys.executable} -m faq_checks run "
              f"--sandbox strict {SAMPLES / 'passes.rst'}")
    result = subprocess.run(["unshare", "--user", "--map-root-user", "sh", "-c", script],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--sandbox strict is not possible here: unshare(CLONE_NEWUSER" in result.stderr
    assert "max_user_namespaces" in result.stderr and "Traceback" not in result.stderr
    assert "passed" not in result.stdout


UNDOES = """\
Undoes its sandbox
==================

.. code-block:: python

    import ctypes, os

    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long

    class MountAttr(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint64) for name in ("set", "clear", "propagation", "userns")]

    def attempt(what, result):
        print(what + ":", "done" if result == 0 else os.strerror(ctypes.get_errno()))

    def undo(where):
        writable = MountAttr(0, 1, 0, 0)  # clear MOUNT_ATTR_RDONLY
        attempt(where + " mount_setattr rw", libc.syscall(442, -100, os.fsencode(PROJECT), 0x8000,
                                                          ctypes.byref(writable), ctypes.sizeof(writable)))
        attempt(where + " remount rw", libc.mount(None, os.fsencode(PROJECT), None, 0x20 | 0x1000, None))
        attempt(where + " umount /tmp", libc.umount2(b"/tmp", 2))
        attempt(where + " umount project", libc.umount2(os.fsencode(PROJECT), 2))

    print("capabilities:", [line.split()[1] for line in open("/proc/self/status") if line.startswith("CapEff")])
    undo("own")
    attempt("nested unshare", libc.unshare(0x10000000 | 0x00020000))  # a user namespace of its own
    undo("nested")
    print("sees the real /tmp:", os.path.exists(OUTSIDE))
    try:
        open(os.path.join(PROJECT, "planted.py"), "w").close()
        print("project: written")
    except OSError as error:
        print("project:", error.strerror)
    raise RuntimeError("shown what it could undo")
"""


@needs_namespaces
def test_an_answer_cannot_undo_its_mounts_itself_or_from_a_nested_namespace(tmp_path):
    """No capability is left after set-up; a nested namespace's copies of the mounts are locked."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    for folder in (project, outside):
        folder.mkdir()
    answer = project / "undoes.rst"
    answer.write_text(UNDOES.replace("PROJECT", repr(str(project))).replace("OUTSIDE", repr(str(outside))))
    with Runner(jobs=1, timeout=30, cwd=str(project), settings={"sandbox": "strict"}) as runner:
        [outcome] = runner.run([str(answer)])
    text = "\n".join(failure.message for failure in outcome.failures)
    assert "capabilities: ['0000000000000000']" in text, text
    undone = re.findall(r"^(?:own|nested) (?:mount_setattr|remount|umount).*: done$", text, re.MULTILINE)
    assert undone == [] and "nested mount_setattr rw:" in text, text
    assert "sees the real /tmp: False" in text and "project: Read-only file system" in text
    assert not (project / "planted.py").exists()
