"""
One real column: ``faq-check run --format json`` in a separate interpreter,
with the tool's source copied onto its ``PYTHONPATH``, as every matrix env
runs it.  The interpreter is this one (its Twisted), so no env is built and
no network is used; building envs is ``bench/matrix.py``'s job.
"""

import json
import sys
from pathlib import Path

from faq_checks.cli import main
from faq_checks.matrix import envs
from faq_checks.matrix.collect import column
from faq_checks.matrix.envs import Env
from faq_checks.matrix.releases import release
from helpers import sample


class ThisInterpreter(Env):
    """An env that is already built: the running Python."""

    @property
    def python(self):
        return Path(sys.executable)

    def ensure(self, installer):
        return True, 0.0


def test_a_column_runs_the_answers_in_another_process(tmp_path):
    env = ThisInterpreter(release("26.10.0"), tmp_path)
    done = column(env, "pip", [sample("passes"), sample("fails-assertion")], jobs=1, timeout=30)
    assert done["state"] == "ran", done.get("error")
    statuses = {Path(a["path"]).name: a["status"] for a in done["run"]["answers"]}
    assert statuses == {"passes.rst": "passed", "fails-assertion.rst": "failed"}
    assert (env.path / "faq-check-source" / "faq_checks" / "cli.py").exists()


def test_a_broken_env_is_reported_not_raised(tmp_path):
    class Broken(ThisInterpreter):
        def ensure(self, installer):
            raise envs.BuildError("ERROR: No matching distribution found for twisted==1.0")

    done = column(Broken(release("1.0"), tmp_path), "pip", [sample("passes")], jobs=1, timeout=30)
    assert done["state"] == "install-failed" and "No matching" in done["error"]


def test_a_stamp_for_other_requirements_means_rebuild(tmp_path):
    env = Env(release("24.11.0"), tmp_path)
    assert not env.is_built()
    env.path.mkdir(parents=True)
    (env.path / envs.STAMP).write_text(json.dumps(env._wanted()))
    assert env.is_built()
    assert env.ensure("pip") == (True, 0.0)  # cached: nothing runs
    (env.path / envs.STAMP).write_text(json.dumps({**env._wanted(), "requirements": ["twisted==1"]}))
    assert not env.is_built()


def test_cache_lives_in_the_user_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert envs.default_cache() == tmp_path / "faq-checks" / "matrix"


def test_usage_errors_exit_2(capsys, tmp_path):
    assert main(["matrix", "--twisted", " , ", str(tmp_path)]) == 2
    assert "names no release" in capsys.readouterr().err
    assert main(["matrix", "--twisted", "24.11.0", str(tmp_path)]) == 2
    assert "no .rst files" in capsys.readouterr().err
