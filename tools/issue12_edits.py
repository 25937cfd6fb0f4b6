"""
The ten edits issue 12 found passing ``faq-check run``: apply each to a copy
of its answer, run the copy through the fork server, and print whether the
answer now fails (it must).

    python tools/issue12_edits.py

Exit status 1 if any edited answer still passes.  Data, not code: each edit
is (answer, text to find, replacement); a text that is no longer in the
answer is reported, not skipped.
"""

from __future__ import annotations

import os
import sys
import tempfile

from faq_checks.run.client import Runner

EDITS = [
    ("core/deferred-never-fires.rst", "[d1, d2], fireOnOneErrback=True, consumeErrors=True)\n    dl.addErrback",
     "[d1, d2], consumeErrors=True)\n    dl.addErrback"),
    ("core/deferred-never-fires.rst", "    d.addCallback(print)          # prints", "    d.addCallback(lambda r: None)          # prints"),
    # The conf.py sample: an extension that does not exist, a source folder that does not.
    ("documentation/docs-look-like-twisted.rst", '["pydoctor.sphinx_ext.build_apidocs"]', '["pydoctor.sphinx_ext.no_such_extension"]'),
    ("documentation/docs-look-like-twisted.rst", '        "src/myproject",', '        "no-such-folder/myproject",'),
    ("contributing/making-a-patch.rst", "$ pip install -e '.[dev]'", "$ pip install -e '.[no-such-extra]'"),
    ("contributing/making-a-patch.rst", "$ trial twisted.test.test_task", "$ trial twisted.test.test_no_such_module"),
    ("contributing/making-a-patch.rst", "1234-short-description trunk", "1234-short-description main"),
    ("communicating/email-a-developer.rst", "$ git shortlog --summary", "$ git shortlog --no-such-flag --summary"),
    # The prose-only claims about GitHub's forms are gone from these three
    # answers (they cannot be checked offline); a misspelt address fails.
    ("contributing/company-feature-x.rst", "<https://github.com/sponsors/twisted>", "<https://github.com/sponsor/twisted>"),
    ("communicating/where-to-get-help.rst", "<https://gitter.im/twisted/twisted>", "<https://gitter.im/twisted/twistd>"),
    ("contributing/where-to-send-patch.rst", "https://github.com/twisted/twisted/issues, or file",
     "https://github.com/twisted/twisted/issue, or file"),
    ("core/tracebacks-not-printed.rst", "200 events", "5000 events"),
    ("core/popen2-subprocesses.rst", "unless you pass ``errortoo=True``", "even if you pass ``errortoo=True``"),
]


def main() -> int:
    edits = EDITS
    runs, problems = [], []
    with tempfile.TemporaryDirectory(prefix="issue12-") as folder:
        for number, (answer, find, replace) in enumerate(edits):
            text = open(os.path.join("answers", answer), encoding="utf-8").read()
            if find not in text:
                problems.append(f"{answer}: text to edit not found: {find!r}")
                continue
            path = os.path.join(folder, f"{number}-{os.path.basename(answer)}")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text.replace(find, replace, 1))
            runs.append((answer, find, replace, path))
        with Runner() as runner:
            outcomes = list(runner.run([path for *_, path in runs]))
    still_passing = 0
    for (answer, find, replace, _), outcome in zip(runs, outcomes):
        verdict = "FAILS (good)" if outcome.status != "passed" else "STILL PASSES"
        still_passing += outcome.status == "passed"
        where = f" at line {outcome.failures[0].line}" if outcome.failures else ""
        print(f"{verdict:<13} {answer}: {find.strip()!r} -> {replace.strip()!r}{where}")
    for problem in problems:
        print(f"NOT APPLIED   {problem}")
    return 1 if still_passing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
