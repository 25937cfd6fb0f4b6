"""
``faq-check lint --diff`` and ``--fix``: the findings' fixes applied to the ``.rst`` sources.

Fixing runs in rounds, in memory: apply every fix that does not overlap
another, lint the rewritten texts again, and apply what is fixable now (a
block whose print statements are rewritten compiles, so its
``returnValue`` can be fixed next), until nothing changes.  ``--diff``
prints the unified diff of the result and writes nothing; ``--fix`` writes
each changed file atomically, in the encoding and line endings it had,
then lints again and reports what is left.  Standard input with ``--fix``
writes the fixed text to standard output, as ruff does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from faq_checks.lint import fix as fixing
from faq_checks.lint.fix import Fixed
from faq_checks.lint.engine import Result
from faq_checks.lint.model import Finding

#: Rounds of fixing before giving up on reaching a text with nothing left to fix.
MAX_ROUNDS = 8


def fix_rounds(result: Result, read: Callable[[str], str], relint: Callable[[dict[str, str]], Result]) -> Fixed:
    """
    Fix, lint again, fix again until no fix applies: ``read(path)`` gives a
    file's text as linted, ``relint(texts)`` lints those paths from those texts.
    """
    state, findings = Fixed(), result.findings
    for _ in range(MAX_ROUNDS):
        by_path: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.fix is not None:
                by_path.setdefault(finding.path, []).append(finding)
        changed: dict[str, str] = {}
        for path, mine in by_path.items():
            if path not in state.originals:
                state.originals[path] = state.texts[path] = read(path)
            text, applied = fixing.apply(state.texts[path], dict.fromkeys(f.fix for f in mine))
            if applied:
                state.fixed_in[path] = state.fixed_in.get(path, 0) + sum(1 for f in mine if f.fix in applied)
                changed[path] = state.texts[path] = text
        if not changed:
            break
        findings = relint(changed).findings
    return state


def write_back(path: str, text: str) -> None:
    """Write the fixed text in the file's own encoding details: a UTF-8 BOM and CRLF line ends are kept."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    fixing.write_atomically(path, text)


def print_diff(state: Fixed, stdout: TextIO) -> None:
    for path in state.changed():
        stdout.write(fixing.unified_diff(path, state.originals[path], state.texts[path]))


def fix_flow(options, result: Result, texts: dict[str, str], relint: Callable[[dict[str, str]], Result],
             stdout: TextIO, stderr: TextIO) -> int | tuple[int, dict[str, str]]:
    """
    ``--diff``: print the diff, return the exit status.  ``--fix`` and
    ``--add-ignore``: change the files (standard input: print its new text)
    and return how many findings that fixed or silenced, with the texts to
    lint again.
    """
    if options.add_ignore:
        from faq_checks.lint.addignore import add_ignores
        state = add_ignores(result, lambda path: _read(path, texts))
    else:
        state = fix_rounds(result, lambda path: _read(path, texts), relint)
    if options.diff:
        print_diff(state, stdout)
        for error in result.errors:
            stderr.write(f"faq-check lint: {error}\n")
        changed = state.changed()
        now = sum(1 for f in result.findings if f.fix is not None)
        later = f"; {state.fixed - now} more once those are fixed" if state.fixed > now else ""
        stderr.write(f"faq-check lint: {now} of {len(result.findings)} findings fixable{later}, "
                     f"in {len(changed)} file{'' if len(changed) == 1 else 's'}\n")
        return 2 if result.errors else (1 if changed else 0)
    after = dict(texts)
    for path in state.changed():
        if path in texts:
            stdout.write(state.texts[path])
            after[path] = state.texts[path]
        elif mixed_line_ends(path):
            stderr.write(f"faq-check lint: {path}: not fixed: it mixes CRLF and LF line ends\n")
            state.fixed_in.pop(path)
        else:
            try:
                write_back(path, state.texts[path])
            except OSError as error:
                stderr.write(f"faq-check lint: {path}: cannot write the fixes: {error.strerror or error}\n")
                state.fixed_in.pop(path)
    for path, text in texts.items():
        if path not in state.changed():
            stdout.write(text)  # standard input with nothing to fix comes back unchanged
    return state.fixed, after


def _read(path: str, texts: dict[str, str]) -> str:
    from faq_checks.lint.document import read_text
    return texts[path] if path in texts else read_text(path)


def mixed_line_ends(path: str) -> bool:
    """A file mixing CRLF and LF line ends: writing it back would change lines no fix touched."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return False
    return b"\r\n" in raw and raw.count(b"\n") != raw.count(b"\r\n")

