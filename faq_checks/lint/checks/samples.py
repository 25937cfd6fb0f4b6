"""
Samples: every Python code block compiles on Python 3 and is pyflakes-clean.

PY001  the block does not compile on Python 3
PY002  ... because of Python 2 syntax, named (print statement, ``except X, e``, ...)
PY003  a ``literalinclude`` file that cannot be read
PY1xx  pyflakes' findings, at the ``.rst`` line (see :mod:`.flakes`)

A failing block is rewritten construct by construct (:mod:`.python2`) so
that every Python 2 line is reported, not just the first.  What was never
meant to run is left alone: shell transcripts, blocks elided with ``...``
or ending in a header whose body is left out (``class Realm:``), and blocks whose Python-ness was only guessed (``::`` literal blocks and
language-less ``code-block``), which count as Python only when they compile
or show Python 2 syntax, and are not held to pyflakes' undefined names.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings
from collections.abc import Iterator
from functools import cached_property

from sybil.parsers.rest.capture import CAPTURE_DIRECTIVE

from faq_checks.lint.checks.exported import used_by_a_later_command
from faq_checks.lint.checks.flakes import LaterUses, Namespace, flakes, used_names
from faq_checks.lint.checks.python2 import code_part, explain, rewrite
from faq_checks.lint.checks.syntax import nodes, walk
from faq_checks.lint.checks.units import Unit, locate, python_units
from faq_checks.lint.lexers.pythonish import bound_names
from faq_checks.lint import sphinxconf
from faq_checks.lint.history import history_file, shown_as_gone
from faq_checks.lint.codes import severity
from faq_checks.lint.model import Context, Document, Finding, RegionKind

MAX_REWRITES = 100
_ELISION = re.compile(r"\.\.|\u2026")
#: Output after the code (``>> value``), or a chain continued from the line above (``.stdout(b"x")``).
_NOT_A_STATEMENT = re.compile(r"^[ \t]*(?:>>?(?!>)|\.[A-Za-z_])")
#: ``# ... use the data``: what a fragment leaves out, said in a comment (``...`` as code may be a stub's body).
_ELIDED_IN_COMMENT = re.compile(r"#[^\n]*?(?:\.\.\.|\u2026)")
#: ``{kind}`` or ``<name>`` where code stands: a template to fill in, not Python.
_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}|<[A-Za-z_][\w -]*>")
ADVICE = {
    "PY101": "import or define it in this block or an earlier one",
    "PY102": "remove the import, or use it",
    "PY103": "remove the assignment, or use the name",
    "PY104": "remove the first definition, or rename one of them",
    "PY105": "import the names you use explicitly",
    "PY106": "assign the name before using it",
    "PY107": "make the format string match its arguments",
    "PY108": "this test always gives the same answer; fix the expression",
    "PY109": "remove the duplicate",
    "PY199": "fix the sample",
}


#: Names a session binds by itself: the last result, and IPython's input and output history.
SESSION_NAMES = {"pycon": {"_"}, "ipython": {"_", "__", "___", "In", "Out"}}

_FUNCTION_ONLY = (ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFor, ast.AsyncWith)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _is_function_body(tree: ast.Module) -> bool:
    """Whether the block, outside any definition of its own, returns, yields or awaits."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, _FUNCTION_ONLY):
            return True
        if not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))
    return False


_ASYNC = re.compile(r"\bawait\b|\basync\s+(?:for|with)\b")


def function_body(source: str) -> ast.Module | None:
    """
    A fragment with a top-level ``return``/``yield``/``await`` is a function's
    body: parsed inside a ``def`` (``async def`` when it awaits), with every
    position moved back to where it stands in the block.
    """
    header = "async def _fragment():\n" if _ASYNC.search(source) else "def _fragment():\n"
    wrapped = header + "".join("    " + line if line.strip() else line for line in source.splitlines(True))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(wrapped)
    except (SyntaxError, ValueError):
        return None
    body = tree.body[0].body
    for node in walk(ast.Module(body, [])):
        if hasattr(node, "lineno"):
            node.lineno -= 1
            node.col_offset = max(node.col_offset - 4, 0)
            if getattr(node, "end_lineno", None) is not None:
                node.end_lineno -= 1
                node.end_col_offset = max(node.end_col_offset - 4, 0)
    return tree


class Compiled:
    """A unit after compiling: its tree (if it got one), Python 2 constructs found, and the last error."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.tree: ast.Module | None = None
        self.python2: list[tuple[int, int, str]] = []
        self.error: SyntaxError | None = None
        self._compile(unit.source)

    @cached_property
    def last_elided_comment(self) -> int:
        """The 0-based index of the unit's last line with an elision in a comment, or -1 (found once)."""
        return max((i for i, text in enumerate(self.unit.lines) if _ELIDED_IN_COMMENT.search(text)), default=-1)

    def _compile(self, source: str) -> None:
        for _ in range(MAX_REWRITES):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.tree = ast.parse(source)
                if _is_function_body(self.tree):
                    self.tree = function_body(source) or self.tree
                return
            except (SyntaxError, ValueError) as error:
                if not isinstance(error, SyntaxError):
                    error = SyntaxError(str(error), ("<block>", 1, 1, ""))
                self.error = error
                source = self._explained(source, error)
                if source is None:
                    return
        self.tree = None

    def _explained(self, source: str, error: SyntaxError) -> str | None:
        """The source with the Python 2 construct at the error rewritten, or None."""
        lines = source.split("\n")
        number = error.lineno or 1
        if not 0 < number <= len(lines):
            return None
        line = lines[number - 1]
        construct = explain(error.msg or "", line)
        fixed = rewrite(construct, line) if construct else line
        if construct is None or fixed == line:
            return None
        match = construct.pattern.search(line)
        column = match.end("i") if "i" in match.groupdict() else match.start()
        self.python2.append((number, column, f"Python 2 syntax ({construct.name}): {construct.advice}"))
        self.error = None
        lines[number - 1] = fixed
        return "\n".join(lines)


def compiled_units(document: Document) -> list[Compiled]:
    """The document's Python units, each compiled once for every check that reads them."""
    if "compiled" not in document.derived:
        document.derived["compiled"] = [Compiled(unit) for unit in python_units(document)]
    return document.derived["compiled"]


def _finding(document: Document, unit: Unit, code: str, line: int, column: int, message: str,
             utf8: bool = False) -> Finding:
    at_line, at_column, prefix = locate(document, unit, line, column, utf8)
    return Finding(document.path, at_line, at_column, code, severity(code), prefix + message)


def _compile_findings(document: Document, compiled: Compiled) -> Iterator[Finding]:
    unit = compiled.unit
    for line, column, message in compiled.python2:
        yield _finding(document, unit, "PY002", line, column, message)
    error = compiled.error
    if error is None or compiled.python2 or not unit.declared or _is_fragment(unit.source, error):
        return
    line = error.lineno or 1
    column = max((error.offset or 1) - 1, 0)
    message = (f"does not compile on Python {PARSED_BY}: {error.msg}{_newer_syntax(error)}; fix the sample, "
               "or show a deliberate fragment in a non-Python block")
    yield _finding(document, unit, "PY001", line, column, message)


#: The grammar samples are parsed with: this interpreter's, named in every PY001.
PARSED_BY = f"{sys.version_info.major}.{sys.version_info.minor}"


def _newer_syntax(error: SyntaxError) -> str:
    """What a newer Python accepts that this one refused, when the error is of that kind."""
    if sys.version_info < (3, 12) and (error.msg or "").startswith("f-string"):
        return (" (Python 3.12 accepts quotes and backslashes inside f-string replacement fields, PEP 701; "
                "if the project supports an older Python, the sample fails there)")
    return ""


def _is_fragment(source: str, error: SyntaxError) -> bool:
    """
    Elided with ``...`` or ``..`` where the error is (on its line or the line
    before: ``def f(a, ...)``, ``call(x=1, ...)``, ``[ .. ]``, a ``...`` line
    standing for statements), a header whose body is left out (``class
    Realm:`` and prose follows), or a line no Python statement can be: output
    shown after the code (``>> result``), a template placeholder
    (``import {kind}``), a method chain continued from the line above
    (``.exit(0)``).  An elision elsewhere in the block excuses nothing.
    """
    if (error.msg or "").startswith("expected an indented block"):
        return True
    lines = source.split("\n")
    number = error.lineno or 1
    near = lines[max(number - 2, 0):number]
    if any(_ELISION.search(line) for line in near):
        return True
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    return bool(_NOT_A_STATEMENT.match(line) or _PLACEHOLDER.search(code_part(line)))


def _captures(document: Document) -> list[tuple[int, str]]:
    """Sybil's ``.. -> name`` captures bind names too, from where they stand."""
    found = []
    offset = 0
    for line in document.source.text.splitlines(keepends=True):
        match = CAPTURE_DIRECTIVE.match(line.rstrip("\n"))
        if match:
            found.append((offset, match["name"]))
        offset += len(line)
    return found


def check_samples(document: Document, context: Context) -> Iterator[Finding]:
    if history_file(document.path, context.settings.get("history_files")):
        return  # a changelog's samples show what was written then; nobody rewrites old release notes
    for region in document.of_kind(RegionKind.CODE):
        if "missing" in region.attributes and region.attributes.get("language") == "python":
            reason = region.attributes["missing"]
            yield Finding(document.path, region.line, region.column, "PY003", severity("PY003"),
                          f"literalinclude cannot read {region.attributes['include']}: {reason}; fix the path "
                          "(relative to this document, or starting with / for the source root)")
    compiled = compiled_units(document)
    for item in compiled:
        if not shown_as_gone(document, item.unit.region):  # an upgrade guide's "no longer allowed:" sample
            yield from _compile_findings(document, item)
    yield from _flakes_findings(document, compiled, context)


def undefined_names_reported(document: Document, settings: dict) -> bool:
    """
    PY101 is on where a document's snippets run together (``snippets-run =
    true``, or a document in no Sphinx project, as an answer is) and off by
    default in a Sphinx project's docs, whose snippets are fragments that
    assume a context (Buildbot's ``c``, Scrapy's ``response``) far more often
    than they forget a name.
    """
    if settings.get("snippets_run") is not None:
        return bool(settings["snippets_run"])
    return sphinxconf.conf_for(document.path) is None


def _flakes_findings(document: Document, compiled: list[Compiled], context: Context) -> Iterator[Finding]:
    namespace, captures = Namespace(), _captures(document)
    shared = [c for c in compiled if c.unit.shared and c.tree is not None]
    namespace.names |= set(context.settings.get("context_names") or ()) | bound_names([c.tree for c in shared], nodes)
    undefined_on = undefined_names_reported(document, context.settings)
    later_uses = LaterUses([used_names(item.tree) for item in shared])
    position = 0
    for item in compiled:
        if item.tree is None:
            continue
        while captures and captures[0][0] < item.unit.region.start:
            namespace.names.add(captures.pop(0)[1])
        namespace.names |= SESSION_NAMES.get(item.unit.region.attributes.get("language"), set())
        if not item.unit.shared:
            surroundings = item.unit.region.attributes.get("file_names", "").split()
            alone = Namespace(set(context.settings.get("context_names") or ()) | set(surroundings))
            yield from _report(document, item, flakes(item.tree, alone, set(), item.unit.source), undefined_on)
            continue
        position += 1
        results = flakes(item.tree, namespace, later_uses.after(position), item.unit.source)
        yield from _report(document, item, results, undefined_on)


def _shown_unused(item: Compiled, code: str, line: int, fragments: bool) -> bool:
    """
    An unused name a sample means to show: the use is elided below it, in a
    comment (``# ... use additional_data``; a ``...`` statement may be a
    stub's real body); and where samples are fragments (a
    Sphinx project's docs, unless its snippets run), an assignment on the
    sample's last line (the result it shows being made) or the imports that
    end a sample (it says where names live, or sets up what follows:
    ``gtk3reactor.install()`` then ``from twisted.internet import reactor``).
    """
    lines = item.unit.lines
    if item.last_elided_comment >= line:  # an elision in a comment on a later line (0-based ``line`` on)
        return True
    if not fragments:
        return False
    code_lines = [number for number, text in enumerate(lines, 1) if text.strip() and not text.lstrip().startswith("#")]
    tree = item.tree
    if code == "PY103" and code_lines and tree is not None:
        ends = [getattr(node, "end_lineno", 0) for node in nodes(tree)
                if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.lineno == line]
        if code_lines[-1] in ends + [line]:
            return True  # the statement, however many lines it spans, ends the sample
    if code == "PY102" and tree is not None:  # the imports ending the sample: the program goes on from there
        at = [index for index, node in enumerate(tree.body) if node.lineno <= line <= (node.end_lineno or node.lineno)]
        return bool(at) and all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body[at[0]:])
    return False


def _variant_definition(item: Compiled, line: int) -> bool:
    """
    A sample showing versions of one function one after another (each a
    ``def`` of the sample's own, at its top level): in docs written as
    fragments these are alternatives, not a redefinition by mistake.  An
    included file is a real module, and a def over an import or a class is
    still reported.
    """
    tree = item.tree
    if tree is None or item.unit.region.attributes.get("directive") == "literalinclude":
        return False
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    named = [node for node in tree.body if isinstance(node, functions) and node.lineno <= line <= node.end_lineno]
    if not named:
        return False
    others = [node for node in tree.body if getattr(node, "name", None) == named[0].name]
    return len(others) > 1 and all(isinstance(node, functions) for node in others)


def _report(document: Document, item: Compiled, results: list, undefined_on: bool = True) -> Iterator[Finding]:
    for code, line, column, text in results:
        if item.python2 and code != "PY002":
            continue  # pyflakes on a rewritten Python 2 block would only echo the rewrite
        if code in ("PY101", "PY105") and not (item.unit.declared and undefined_on):
            continue  # a star import matters only where undefined names are looked for
        if code in ("PY102", "PY103") and _shown_unused(item, code, line, fragments=not undefined_on):
            continue
        if code == "PY102" and _for_a_command(document, item, text):
            continue
        if code == "PY104" and not undefined_on and _variant_definition(item, line):
            continue
        advice = f": {ADVICE[code]}" if code in ADVICE else ""
        yield _finding(document, item.unit, code, line, column, text + advice, utf8=True)


_UNUSED = re.compile(r"'(?P<imported>[^']+)' imported but unused")


def _for_a_command(document: Document, item: Compiled, text: str) -> bool:
    """An unused import that a later command line names through the sample's module (:mod:`.exported`)."""
    match = _UNUSED.match(text)
    if match is None:
        return False
    python = {c.unit.region.start for c in compiled_units(document) if c.tree is not None}
    return used_by_a_later_command(document, item.unit.region, match["imported"], python)

