"""
Fixes as values: what to change in a document's text to make a finding go away.

A :class:`Fix` is a set of :class:`Edit` values (replace the text between two
offsets of the ``.rst`` source), proposed by :mod:`.fixers` while the
document is in hand and attached to its finding once the run has judged it.
Edits carry their lines and columns too, because the document is gone by
the time a reporter writes them (SARIF's ``replacements``).  Applying fixes
is plain text surgery: edits sorted, identical ones taken once, a fix whose
edits overlap one already taken left for the next round (``--fix`` lints
and fixes again until nothing changes).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; lines and 1-based columns locate both ends."""

    start: int
    end: int
    replacement: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """What a fix does, in words, and the edits that do it (all of them, or none)."""

    description: str
    edits: tuple[Edit, ...]


@dataclass
class Fixed:
    """Texts being changed (by --fix, --add-ignore), by path, and how many findings each change removed."""

    texts: dict[str, str] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)
    fixed_in: dict[str, int] = field(default_factory=dict)

    @property
    def fixed(self) -> int:
        return sum(self.fixed_in.values())

    def changed(self) -> list[str]:
        return [path for path, text in self.texts.items() if text != self.originals[path]]


def edit(source, start: int, end: int, replacement: str) -> Edit:
    """An :class:`Edit` of ``source`` (a :class:`~faq_checks.lint.model.SourceText`), located."""
    return Edit(start, end, replacement, *source.line_column(start), *source.line_column(end))


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """
    The text with every fix applied that does not overlap another taken
    before it, and the fixes applied.  A fix is taken whole or not
    at all; an edit two fixes share (one rewrite of a block serving its
    findings) is made once.
    """
    taken: list[Edit] = []
    applied: list[Fix] = []
    for fix in fixes:
        new = [e for e in fix.edits if e not in taken]
        if any(_overlap(a, b) for a in new for b in taken) or any(
                _overlap(a, b) for i, a in enumerate(new) for b in new[i + 1:]):
            continue
        taken += new
        applied.append(fix)
    for change in sorted(taken, reverse=True):
        text = text[:change.start] + change.replacement + text[change.end:]
    return text, applied


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions clash only at the same point, or inside the other
        return a.start == b.start or a.start < b.start < a.end or b.start < a.start < b.end
    return a.start < b.end and b.start < a.end


def unified_diff(path: str, before: str, after: str, context: int = 3) -> str:
    """
    A unified diff of one file, as ``diff -u`` and ``ruff --diff`` print it.
    Lines are matched without difflib's "popular line" heuristic (its
    ``unified_diff`` has it on): in a long page, a blank indented line is
    popular, and was shown as removed and added again around a change.
    """
    old, new = before.splitlines(True), after.splitlines(True)
    name = path.lstrip("/")
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        (_, i1, _, j1, _), (_, _, i2, _, j2) = group[0], group[-1]
        out.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out += [" " + line for line in old[a1:a2]]
                continue
            out += ["-" + line for line in old[a1:a2]] + ["+" + line for line in new[b1:b2]]
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)
    return text if len(out) > 2 else ""


def _range(start: int, stop: int) -> str:
    """A hunk's range as ``diff -u`` writes it: first line (1-based) and length, the length left out if 1."""
    length = stop - start
    first = start + 1 if length else start
    return f"{first}" if length == 1 else f"{first},{length}"


def write_atomically(path: str, text: str) -> None:
    """
    Replace the file's contents in one step: written beside it and renamed
    over it, so an interrupted ``--fix`` leaves the old file or the new one,
    never half of each.  The file keeps its permission bits.
    """
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    import tempfile  # only --fix writes

    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".faq-check-", suffix=".rst")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
