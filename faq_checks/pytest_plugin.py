"""
pytest collection for answers: one item per example, one worker per answer.

This is the only module that touches pytest.  An answer file becomes an
:class:`AnswerFile`; each of its examples an :class:`ExampleItem`.  The first
item that runs submits every selected answer to the fork server, so answers
run concurrently while pytest reports them one by one, each example's result
on its own item.  Under pytest-xdist each worker submits only the answers it
is given, one ahead of the one it reports.

Installing faq-checks registers this plugin (a ``pytest11`` entry point) in
every pytest run of that environment, so it does nothing until the project
opts in by setting ``faq_check_paths``: other projects' test runs are left
exactly as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_checks.run.outcome import FAILED, NOT_RUN, AnswerOutcome, Failure
from faq_checks.run.namespaces import refused_here
from faq_checks.run.client import Runner, ServerStopped
from faq_checks.run.sandbox import limits, variable_name
from faq_checks.run.samples import (DEFAULT_TIMEOUT, NO_EXAMPLES, AnswerError, env_of, parse_answer, seconds,
                                     seconds_option, timeout_of)

_RUNNER = pytest.StashKey[Runner]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("faq_check_paths", "directories (from the rootdir) whose .rst files are run "
                  "in faq-check workers; setting it turns the plugin on", type="args", default=[])
    parser.addini("faq_check_require_examples", "directories where a document without "
                  "examples is an error", type="args", default=[])
    parser.addini("faq_check_timeout", "default seconds a document may run "
                  f"(its :timeout: wins; default {DEFAULT_TIMEOUT:g})", default="")
    parser.addini("faq_check_pass_env", "names of your environment every document's worker "
                  "gets too (the sandbox gives it only PATH, the locale, TZ, TERM and Python's own)",
                  type="args", default=[])
    parser.addini("faq_check_limits", "resource limits of the workers, NAME=VALUE each "
                  "(memory, processes, file-size, open-files, cpu)", type="args", default=[])
    parser.addini("faq_check_sandbox", "default, or strict: no network but loopback and the "
                  "project read-only (needs unprivileged user namespaces)", default="default")
    parser.addoption("--faq-timeout", type=seconds_option, default=None,
                     help="default seconds an answer may run (an answer's :timeout: wins)")


def enabled(config: pytest.Config) -> bool:
    """The project opted in: its ini file names the folders to run."""
    return bool(config.getini("faq_check_paths"))


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which turns "no" into "load"
def pytest_cmdline_main(config: pytest.Config) -> None:
    """
    Keep an answer's examples on one xdist worker, as they share one process,
    and a test module's tests with its module-scoped fixtures.  An explicit
    ``--dist`` is left alone.
    """
    if enabled(config) and getattr(config.option, "numprocesses", None) and config.option.dist == "no":
        config.option.dist = "loadfile"


def _timeout(config: pytest.Config) -> float:
    """``--faq-timeout`` (checked as it is parsed), else the ini setting, else the default."""
    if config.getoption("faq_timeout") is not None:
        return config.getoption("faq_timeout")
    try:
        return seconds(config.getini("faq_check_timeout") or DEFAULT_TIMEOUT)
    except ValueError as error:
        raise pytest.UsageError(f"faq_check_timeout {error}") from None


def _under_xdist(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if not enabled(config):
        return
    # Under xdist the workers already share the cores: one answer at a time each.
    jobs = 1 if _under_xdist(config) else None
    # The samples import what the project's tests import: its pytest
    # ``pythonpath`` entries, and the rootdir the fork server starts in.
    pass_env, settings = _sandbox_settings(config)
    config.stash[_RUNNER] = Runner(jobs=jobs, timeout=_timeout(config),
                                   python_path=[str(p) for p in config.getini("pythonpath")],
                                   cwd=str(config.rootpath), pass_env=pass_env, settings=settings)


def _sandbox_settings(config: pytest.Config) -> tuple[list[str], dict]:
    """
    ``faq_check_pass_env``, ``faq_check_limits`` and ``faq_check_sandbox``,
    checked: a typo is a usage error, never ignored.
    """
    try:
        pass_env = [variable_name(name) for name in config.getini("faq_check_pass_env")]
        chosen = limits(config.getini("faq_check_limits"))
    except ValueError as error:
        raise pytest.UsageError(f"faq_check_pass_env / faq_check_limits: {error}") from None
    mode = config.getini("faq_check_sandbox").strip() or "default"
    if mode not in ("default", "strict"):
        raise pytest.UsageError(f"faq_check_sandbox must be default or strict, not {mode!r}")
    if mode == "strict" and not _under_xdist(config) and (problem := refused_here()):
        raise pytest.UsageError(f"faq_check_sandbox = strict is not possible here: {problem}")
    return pass_env, {"limits": chosen, "sandbox": mode}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """
    Under xdist, submit this item's answer and the next one this worker will
    run, so the fork server works ahead by one answer.  A worker collects
    every item but runs only those it is sent, so it must never submit
    answers from ``session.items`` (each would then run on every worker).
    """
    if _under_xdist(item.config):
        for following in (item, nextitem):
            if isinstance(following, ExampleItem):
                following.parent.submit()


def pytest_unconfigure(config: pytest.Config) -> None:
    runner = config.stash.get(_RUNNER, None)
    if runner is not None:
        runner.close()


def _under(path: Path, config: pytest.Config, ini: str) -> bool:
    roots = [config.rootpath / name for name in config.getini(ini)]
    return any(path.is_relative_to(root) for root in roots)


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """
    Our documents run in the sandboxed workers only: pytest's own doctest
    plugin (which takes any .rst named on the command line) is kept off them.
    """
    collected = yield
    if not (enabled(parent.config) and file_path.suffix == ".rst"
            and _under(file_path, parent.config, "faq_check_paths")):
        return collected
    others = [c for c in collected or [] if type(c).__module__ != "_pytest.doctest"]
    return others + [AnswerFile.from_parent(parent, path=file_path)]


class ExampleFailed(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class AnswerFile(pytest.File):
    ticket: int | None = None
    _outcome: AnswerOutcome | None = None
    #: The answer's own ``:timeout:``, read once at collection, so that
    #: running it never reads the file again in this process.
    timeout: float | None = None
    #: Its ``:env:`` names, read at collection too.
    env: tuple[str, ...] = ()

    def collect(self):
        try:
            answer = parse_answer(str(self.path))
        except AnswerError as error:
            yield BrokenAnswerItem.from_parent(self, name="parse", message=str(error))
            return
        self.timeout = timeout_of(answer.fields, self.config.stash[_RUNNER].timeout)
        self.env = env_of(answer.fields)
        if not answer.examples and _under(self.path, self.config, "faq_check_require_examples"):
            message = f"{self.path}:1: {NO_EXAMPLES}"
            yield BrokenAnswerItem.from_parent(self, name="examples", message=message)
        names: set[str] = set()
        for index, example in enumerate(answer.examples):
            name = f"line:{example.line}"
            name = name if name not in names else f"{name}#{index}"
            names.add(name)
            yield ExampleItem.from_parent(self, name=name, index=index,
                                          line=example.line, last=index == len(answer.examples) - 1)

    def submit(self) -> None:
        if self.ticket is None:
            self.ticket = self.config.stash[_RUNNER].submit(str(self.path), self.timeout, env=self.env)

    def outcome(self) -> AnswerOutcome:
        if self._outcome is None:
            try:
                if not _under_xdist(self.config):  # this process runs them all: start them all
                    for item in self.session.items:
                        if isinstance(item, ExampleItem):
                            item.parent.submit()
                self.submit()
                self._outcome = self.config.stash[_RUNNER].outcome(self.ticket)
            except ServerStopped as error:
                raise ExampleFailed(1, str(error)) from None
        return self._outcome


class BrokenAnswerItem(pytest.Item):
    def __init__(self, *, message: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        raise ExampleFailed(1, self.message)

    def repr_failure(self, excinfo, style=None) -> str:
        return self.message

    def reportinfo(self):
        return self.path, 0, self.name


class ExampleItem(pytest.Item):
    def __init__(self, *, index: int, line: int, last: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.line = line
        self.last = last

    def runtest(self) -> None:
        outcome = self.parent.outcome()
        if outcome.status == "error" or self.index >= len(outcome.examples):
            # Unreadable, or the worker died before it reported the examples.
            failure = (outcome.failures or [Failure(1, f"the answer {outcome.status} without "
                                                       "reporting this example")])[0]
            raise ExampleFailed(failure.line, failure.message)
        example = outcome.examples[self.index]
        if example.status == FAILED:
            raise ExampleFailed(example.line, example.message)
        if example.status == NOT_RUN:
            pytest.skip(f"not run: the answer {outcome.status} before this example")
        if self.last:
            failed_lines = {e.line for e in outcome.examples if e.status == FAILED}
            extra = [f for f in outcome.failures if f.line not in failed_lines]
            if extra:
                raise ExampleFailed(extra[0].line, "\n".join(f.message for f in extra))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ExampleFailed):
            where = self.nodeid.split("::")[0]
            return f"{where}:{excinfo.value.line}: {excinfo.value.message}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.line - 1, f"line {self.line}"
