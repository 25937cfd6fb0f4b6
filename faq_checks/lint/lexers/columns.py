"""
How far a line of reST is indented, counted as docutils counts it.

Offsets into a line count a tab as one character; comparisons of indents
(where a body ends, how much a literal block is dedented) count columns,
with tabs expanded to the next multiple of 8 as docutils expands them before
it parses.  The block scanner and the code and prose lexers all measure
with these, so they agree on every line.
"""

from __future__ import annotations

#: docutils expands a tab to the next multiple of 8 columns before it parses.
TAB_WIDTH = 8


def indentation(line: str) -> int:
    """Characters of leading whitespace (a tab is one): for offsets into the line."""
    return len(line) - len(line.lstrip(" \t"))


def visual_indentation(line: str) -> int:
    """Columns of leading whitespace with tabs expanded as docutils expands them: for comparing indents."""
    return indentation(line.expandtabs(TAB_WIDTH))


def dedented_body(lines: list[str]) -> tuple[str, int]:
    """
    A literal body's text as docutils sees it -- tabs expanded to the next
    multiple of 8, then the common indentation removed -- and the number of
    columns removed.  ``textwrap.dedent`` alone treats a tab as one column,
    which turns a body mixing tabs and spaces into a false "unexpected indent".
    ``lines`` are as :func:`~faq_checks.lint.lexers.blocks.split_lines` gives
    them (a "\n" only at the end of each).
    """
    expanded = [line.expandtabs(TAB_WIDTH) for line in lines]
    text = _dedent(expanded)
    first = next((line for line in expanded if line.strip()), "")
    dedented_first = next((line for line in text.split("\n") if line.strip()), "")
    return text, indentation(first) - indentation(dedented_first)


def _dedent(expanded: list[str]) -> str:
    """
    ``textwrap.dedent("".join(expanded))`` for lines without tabs, each with
    a "\n" at most at its end, in two passes over the lines instead of four
    regex passes over the text: a line of blanks becomes empty; the others
    (holding a character other than a space) lose the smallest indent among them.
    """
    indents = [len(line) - len(line.lstrip(" ")) for line in expanded if line.strip(" \n")]
    margin = min(indents) if indents else 0
    return "".join(line[margin:] if line.strip(" \n") else "\n" if line.endswith("\n") else "" for line in expanded)
