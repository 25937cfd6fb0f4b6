"""
An import a sample makes for a later command line (``twistd --class=mod.name``,
``server mod:app``) is used; one nothing names through another module is still PY102.
"""

from __future__ import annotations

from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.engine import lint_text

SAMPLE = """\
Deploying
=========

Save this as ``hello.py``::

    from klein import resource, route

    @route("/")
    def hello(request):
        return "Hello, world!"

"""


def codes(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, checks=[check_samples])]


def test_a_name_a_later_command_reaches_through_the_saved_module_is_used():
    text = SAMPLE + "Then run it::\n\n    PYTHONPATH=. twistd -n web --class=hello.resource\n"
    assert codes(text) == []


def test_module_colon_name_counts_too():
    text = SAMPLE + ".. code-block:: console\n\n    $ server --factory hello:resource\n"
    assert codes(text) == []


def test_without_the_command_the_import_is_unused():
    assert codes(SAMPLE) == [("PY102", 6)]


def test_the_module_it_came_from_is_no_use():
    text = SAMPLE + "Check that klein is there::\n\n    python -c 'import klein.resource'\n"
    assert codes(text) == [("PY102", 6)]


def test_a_later_python_block_calling_a_method_of_that_name_is_no_use():
    text = SAMPLE + "Later::\n\n    app = make()\n    app.resource()\n"
    assert codes(text) == [("PY102", 6)]


def test_a_command_before_the_sample_is_no_use():
    text = "Intro\n=====\n\nRun ``twistd``::\n\n    twistd -n web --class=hello.resource\n\n" + SAMPLE.split("=========\n", 1)[1]
    assert codes(text) == [("PY102", 11)]


def test_an_alias_is_reached_by_its_own_name():
    text = SAMPLE.replace("import resource, route", "import resource as root, route") + \
        "Run::\n\n    twistd -n web --class=hello.root\n"
    assert codes(text) == []


def test_an_alias_reached_through_the_module_it_came_from_is_no_use():
    text = SAMPLE.replace("import resource, route", "import resource as root, route") + \
        "Check it::\n\n    python -c 'import klein; print(klein:root)'\n"
    assert codes(text) == [("PY102", 6)]
