"""
Per-answer process counts from a cgroup v2 ``pids`` controller delegated to
the user, and RLIMIT_NPROC left alone wherever a cgroup counts instead.

The logic is tested against a fake cgroup tree (plain directories holding
the files the kernel would show); the real hierarchy is used where this
machine has ``pids`` in cgroup v2, and the test says exactly why not where
it has not.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from types import SimpleNamespace

import pytest

from faq_checks.run import cgroups
from faq_checks.run.job_cgroups import CgroupTree, JobCgroup
from faq_checks.run.confinement import Confinement
from tests.helpers import processes_named, sample


def fake_cgroup(path, controllers="", subtree=""):
    path.mkdir(parents=True, exist_ok=True)
    (path / "cgroup.controllers").write_text(controllers + "\n")
    (path / "cgroup.subtree_control").write_text(subtree)
    return path


def test_pids_passed_down_already_is_turned_on_for_the_jobs(tmp_path):
    own = fake_cgroup(tmp_path / "own", "cpu memory pids", "pids")
    tree = fake_cgroup(own / "faq-check-1", "pids")
    assert cgroups.enable_pids(str(own), str(tree))
    assert (tree / "cgroup.subtree_control").read_text() == "+pids"
    assert (own / "cgroup.subtree_control").read_text() == "pids"


def test_pids_delegated_but_not_passed_down_is_enabled_in_our_own_cgroup_first(tmp_path):
    own = fake_cgroup(tmp_path / "own", "cpu memory pids")
    tree = fake_cgroup(own / "faq-check-1")
    assert cgroups.enable_pids(str(own), str(tree))
    assert (own / "cgroup.subtree_control").read_text() == "+pids"
    assert (tree / "cgroup.subtree_control").read_text() == "+pids"


def test_without_pids_delegated_nothing_is_written(tmp_path):
    """This machine's case: cgroup v2 offers hugetlb only (pids is bound to a v1 hierarchy)."""
    own = fake_cgroup(tmp_path / "own", "hugetlb")
    tree = fake_cgroup(own / "faq-check-1")
    assert not cgroups.enable_pids(str(own), str(tree))
    assert (own / "cgroup.subtree_control").read_text() == ""
    assert (tree / "cgroup.subtree_control").read_text() == ""


def test_a_refused_step_is_no_limit(tmp_path):
    """The kernel refuses a write (EBUSY, EACCES): the tree does not claim to count processes."""
    own = fake_cgroup(tmp_path / "own", "pids")
    tree = fake_cgroup(own / "faq-check-1")
    (own / "cgroup.subtree_control").unlink()
    (own / "cgroup.subtree_control").mkdir()  # opening it for writing fails, as a refusal would
    assert not cgroups.enable_pids(str(own), str(tree))
    assert (tree / "cgroup.subtree_control").read_text() == ""


def confinement(processes=40):
    return Confinement({"cgroups": False, "limits": {"processes": processes}})


def test_a_job_cgroup_that_counts_processes_caps_them_and_rlimit_nproc_is_not_set(tmp_path):
    confined = confinement(40)
    confined.cgroups = CgroupTree(str(fake_cgroup(tmp_path / "tree")), counts=True)
    job = SimpleNamespace(pids_cgroup=None)
    confined.before_fork(job)
    assert job.processes_capped and job.pids_cgroup is None
    assert not os.path.exists(job.cgroup.path)  # the worker makes it, off the server's path
    confined.isolate(job)  # as the worker does, first thing
    assert (tmp_path / "tree" / "job-1" / "pids.max").read_text() == "40"
    assert (tmp_path / "tree" / "job-1" / "cgroup.procs").read_text() == "0"  # entered


def test_without_a_counting_cgroup_rlimit_nproc_is_the_limit(tmp_path):
    confined = confinement(40)
    confined.cgroups = CgroupTree(str(fake_cgroup(tmp_path / "tree")), counts=False)
    job = SimpleNamespace(pids_cgroup=None)
    confined.before_fork(job)
    assert not job.processes_capped
    confined.cgroups = None
    job = SimpleNamespace(pids_cgroup=None)
    confined.before_fork(job)
    assert not job.processes_capped and job.cgroup is None


def test_a_job_cgroup_the_kernel_refuses_to_make_leaves_rlimit_nproc_as_the_limit(tmp_path):
    confined = confinement(40)
    confined.cgroups = CgroupTree(str(tmp_path / "not-there"), counts=True)
    job = SimpleNamespace(pids_cgroup=None)
    confined.before_fork(job)
    confined.isolate(job)
    assert job.cgroup is None and not job.processes_capped


def test_each_worker_removes_the_cgroups_of_those_that_ended_before_it(tmp_path):
    confined = confinement(40)
    confined.cgroups = CgroupTree(str(fake_cgroup(tmp_path / "tree")), counts=False)
    first = SimpleNamespace(pids_cgroup=None)
    confined.before_fork(first)
    confined.isolate(first)
    (tmp_path / "tree" / "job-1" / "cgroup.procs").unlink()  # a real one empties as its worker ends
    confined.after(first)
    assert os.path.isdir(first.cgroup.path)  # the server leaves it: removing takes the cgroup lock
    second = SimpleNamespace(pids_cgroup=None)
    confined.before_fork(second)
    assert confined.ended == []
    confined.isolate(second)
    assert not os.path.exists(first.cgroup.path) and os.path.isdir(second.cgroup.path)


NPROC = textwrap.dedent("""
    import resource, sys
    from faq_checks.run import sandbox
    before = resource.getrlimit(resource.RLIMIT_NPROC)
    sandbox.apply_limits({"processes": 7}, None if sys.argv[1] == "capped" else int(sys.argv[1]))
    print(before == resource.getrlimit(resource.RLIMIT_NPROC), resource.getrlimit(resource.RLIMIT_NPROC)[0])
""")


def nproc_after(argument: str) -> str:
    done = subprocess.run([sys.executable, "-c", NPROC, argument], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_rlimit_nproc_is_left_alone_when_a_cgroup_counts_and_set_otherwise():
    assert nproc_after("capped")[0] == "True"
    assert nproc_after("3") == ["False", "10"]


def v2_pids_here() -> str:
    """'' where this machine's cgroup v2 lets us count a job's processes; else exactly why not."""
    own = cgroups._own_cgroup_dir()
    if own is None:
        return "no cgroup v2 hierarchy is mounted (or this process is in none)"
    if "pids" not in cgroups._controllers(own):
        offered = " ".join(cgroups._controllers(own)) or "none"
        return f"cgroup v2 at {own} does not offer pids (its cgroup.controllers: {offered})"
    tree = cgroups.create()
    if tree is None:
        return f"cannot make a cgroup below {own} (not writable, or no cgroup.kill)"
    counts = tree.counts
    tree.remove()
    return "" if counts else f"pids is offered in {own} but is not delegated to uid {os.getuid()}"


def test_on_a_machine_with_v2_pids_delegated_each_job_cgroup_counts_processes():
    reason = v2_pids_here()
    if reason:
        pytest.skip(reason)
    tree = cgroups.create()
    try:
        job = tree.job()
        job.make()
        job.limit_processes(3)
        with open(os.path.join(job.path, "pids.max")) as limit:
            assert limit.read().strip() == "3"
    finally:
        tree.remove()


NOBODY = 65534


def delegated_pids_cgroup() -> str:
    """A pids cgroup (v1 here) owned by uid 65534, as a delegation would make it; '' where impossible."""
    own = cgroups._own_cgroup_dir("pids")
    if own is None or not os.access(own, os.W_OK):
        return ""
    path = os.path.join(own, f"faq-check-delegated-{os.getpid()}")
    os.mkdir(path)
    for name in [".", *os.listdir(path)]:
        os.chown(os.path.join(path, name), NOBODY, NOBODY)
    return path


def test_a_fork_bomb_does_not_starve_its_neighbour_for_a_user_with_a_delegated_pids_cgroup(tmp_path):
    """
    Not root, processes capped by cgroups: ``holds-processes`` sits at its
    limit of 40 while ``forks-beside`` forks five; with RLIMIT_NPROC (per
    user) the neighbour's forks failed too.  Run as uid 65534 from a pids
    cgroup it owns (made and handed over here by root).
    """
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is needed to run the runner as another user")
    as_nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if os.getuid() != 0:
        pytest.skip("needs root to hand a pids cgroup to another user")
    tried = subprocess.run([*as_nobody, "env", sys.executable, "-c", "import faq_checks, twisted"],
                           capture_output=True, text=True, cwd="/")
    if tried.returncode != 0:
        last = (tried.stderr.strip().splitlines() or ["?"])[-1]
        pytest.skip(f"uid {NOBODY} cannot run {sys.executable} with faq_checks ({last})")
    path = delegated_pids_cgroup()
    if not path:
        pytest.skip("no writable cgroup v1 pids hierarchy to hand a cgroup from")
    shared = tempfile.mkdtemp(prefix="faq-check-nobody-")
    try:
        os.chmod(shared, 0o777)
        answers = [shutil.copy(sample(name), shared) for name in ("holds-processes", "forks-beside")]
        command = [sys.executable, "-m", "faq_checks", "run", "--jobs", "2", "--limit", "processes=40",
                   "--timeout", "60", "--format", "json", *answers]
        script = 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"'
        done = subprocess.run(
            ["sh", "-c", script, "sh", path, *as_nobody, "env", f"HOME={shared}", f"TMPDIR={shared}",
             "PYTHONDONTWRITEBYTECODE=1", *command], capture_output=True, text=True, timeout=120, cwd=shared)
        assert done.stdout, done.stderr
        report = json.loads(done.stdout)
    finally:
        for pid in JobCgroup(path).pids():
            os.kill(pid, 9)
        for inner, folders, _ in os.walk(path, topdown=False):
            for folder in folders:
                os.rmdir(os.path.join(inner, folder))
        os.rmdir(path)
        shutil.rmtree(shared, ignore_errors=True)
    by_name = {os.path.basename(answer["path"]): answer for answer in report["answers"]}
    held = by_name["holds-processes.rst"]
    assert re.search(r"refused after \d+ processes", json.dumps(held)), held
    assert by_name["forks-beside.rst"]["status"] == "passed", by_name["forks-beside.rst"]
    assert not processes_named("faqchk-hold")
