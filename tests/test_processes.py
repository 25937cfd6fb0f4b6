"""The cheap questions asked before reading the whole process tree."""

from __future__ import annotations

import subprocess
import sys

#: In a fresh interpreter: the test process has children of its own (fork servers).
SCRIPT = """
import os, subprocess, sys, time
from faq_checks.run.processes import has_children, own_children
seen = [has_children(), own_children()]
child = subprocess.Popen(["sleep", "30"])
seen += [has_children(), own_children() == {child.pid}]
child.kill()
time.sleep(0.2)  # dead, not yet reaped: still a child
seen += [has_children(), own_children() == {child.pid}]
child.wait()
seen += [has_children(), own_children()]
grandchild = subprocess.run(["sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"], capture_output=True,
                            text=True).stdout.strip()
seen += [has_children()]  # re-parented to init: no longer ours to see
os.kill(int(grandchild), 9)
print(seen)
"""


def test_has_children_and_own_children_see_living_and_unreaped_children():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == str([False, set(), True, True, True, True, False, set(), False])


SUBREAPER = """
import os, subprocess, time
from faq_checks.run.ending import end_descendants
from faq_checks.run.processes import become_subreaper, has_children
become_subreaper()
orphan = subprocess.run(["sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"], capture_output=True,
                        text=True).stdout.strip()  # its parent is gone: re-parented here
deadline = time.monotonic() + 10
while time.monotonic() < deadline:  # the forked shell may not have exec'd sleep yet
    with open(f"/proc/{orphan}/cmdline", "rb") as cmdline:
        if cmdline.read().startswith(b"sleep"):
            break
    time.sleep(0.01)
print(has_children(), [info.command for info in end_descendants(os.getpid())], has_children())
"""


def test_an_orphan_re_parented_to_the_subreaper_is_seen_and_ended():
    result = subprocess.run([sys.executable, "-c", SUBREAPER], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "True ['sleep 30'] False"
