"""
PY1xx: pyflakes over a document's Python units, judged as samples.

The blocks of a document run in one namespace, so each is checked with the
names the blocks before it bound (and Sybil's ``.. -> name`` captures, and
a session's ``_``), and an import only a later block uses is used; an
included file is checked alone.  Then what a sample means to show is not
reported: an unused name whose use is elided, the imports or assignment a
fragment ends with, alternative versions of one function, undefined names
in a Sphinx project's fragments (see :func:`undefined_names_reported`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from faq_checks.lint import sphinxconf
from faq_checks.lint.checks.compiling import Compiled, compiled_units
from faq_checks.lint.checks.exported import used_by_a_later_command
from faq_checks.lint.checks.flakes import LaterUses, Namespace, flakes, used_names
from faq_checks.lint.checks.syntax import by_type, nodes
from faq_checks.lint.checks.units import finding
from faq_checks.lint.lexers.pythonish import bound_names
from faq_checks.lint.model import Context, Document, Finding
from faq_checks.lint.sybil_parts import CAPTURE_DIRECTIVE  # without Sybil's parsers

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


def _captures(document: Document) -> list[tuple[int, str]]:
    """
    Sybil's ``.. -> name`` captures bind names too, from where they stand.
    Every capture line holds ``->``; a document without one (nearly all of
    them) is not split into lines to look.
    """
    if "->" not in document.source.text:
        return []
    found = []
    offset = 0
    for line in document.source.text.splitlines(keepends=True):
        match = CAPTURE_DIRECTIVE.match(line.rstrip("\n"))
        if match:
            found.append((offset, match["name"]))
        offset += len(line)
    return found


#: The only nodes :func:`bound_names` takes names from.
_BINDING = (ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def binding_nodes(tree: ast.AST) -> list[ast.AST]:
    """The tree's nodes that can bind a name, by type (a set of names is made of them: order is not kept)."""
    index = by_type(tree)
    return [node for kind in _BINDING for node in index.get(kind, ())]


#: Sybil's own markup: a document that holds any of it is run by Sybil (an
#: invisible block, a ``.. -> name`` capture, ``.. skip:``, ``.. clear-namespace``).
_RUN_BY_SYBIL = re.compile(r"^[ \t]*\.\.[ \t]+(?:invisible-code(?:-block)?:|->[ \t]*\w|skip:|clear-namespace\b)",
                           re.MULTILINE)


def undefined_names_reported(document: Document, settings: dict) -> bool:
    """
    PY101 is on where a document's snippets run together: ``snippets-run =
    true``, or, by default, a document in no Sphinx project that shows it is
    run, with Sybil's markup (as an answer is).  It is off by default
    elsewhere: in a Sphinx project's docs and in a plain reST docs folder
    (Foolscap's ``doc/``) snippets are fragments that assume a context
    (Buildbot's ``c``, Scrapy's ``response``, a protocol specification's
    ``pb``) far more often than they forget a name.
    """
    if settings.get("snippets_run") is not None:
        return bool(settings["snippets_run"])
    if sphinxconf.conf_for(document.path) is not None:
        return False
    text = document.source.text
    return (".." in text) and _RUN_BY_SYBIL.search(text) is not None


def flakes_findings(document: Document, compiled: list[Compiled], context: Context) -> Iterator[Finding]:
    namespace, captures = Namespace(), _captures(document)
    shared = [c for c in compiled if c.unit.shared and c.tree is not None]
    namespace.names |= set(context.settings.get("context_names") or ()) | bound_names([c.tree for c in shared],
                                                                                        binding_nodes)
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
    A sample showing versions of one thing one after another: each a
    ``def`` of the sample's own at its top level (Twisted's cred howto
    shows ``requestAvatar`` four ways), or imports of one name from
    different modules (Autobahn's "Instead of: ``from autobahn.asyncio...
    import X`` / Use: ``from autobahn.twisted... import X``").  In docs
    written as fragments these are alternatives, not a redefinition by
    mistake.  An included file is a real module; a def over an import or a
    class, and one name imported twice from the same module, are still
    reported.
    """
    tree = item.tree
    if tree is None or item.unit.region.attributes.get("directive") == "literalinclude":
        return False
    at = [node for node in tree.body if node.lineno <= line <= (node.end_lineno or node.lineno)]
    if not at:
        return False
    if isinstance(at[0], (ast.Import, ast.ImportFrom)):
        return _alternative_imports(tree, at[0])
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    if not isinstance(at[0], functions):
        return False
    others = [node for node in tree.body if getattr(node, "name", None) == at[0].name]
    return len(others) > 1 and all(isinstance(node, functions) for node in others)


def _alternative_imports(tree: ast.Module, statement: ast.stmt) -> bool:
    """Whether every top-level binding of a name ``statement`` rebinds is an import, each from its own module."""
    def sources(node: ast.stmt) -> dict[str, str]:
        if isinstance(node, ast.ImportFrom):
            return {alias.asname or alias.name: f"{node.module}.{alias.name}" for alias in node.names}
        if isinstance(node, ast.Import):
            return {alias.asname or alias.name.split(".")[0]: alias.name for alias in node.names}
        return {}

    top = [(node, sources(node)) for node in tree.body]
    for name in sources(statement):
        bindings = [(node, imported) for node, imported in top if name in imported
                    or name == getattr(node, "name", None)
                    or any(isinstance(t, ast.Name) and t.id == name for t in getattr(node, "targets", ()))]
        if len(bindings) < 2 or not all(name in imported for _, imported in bindings):
            continue
        if len({imported[name] for _, imported in bindings}) == len(bindings):
            return True
    return False


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
        yield finding(document, item.unit, code, line, column, text + advice, utf8=True)


_UNUSED = re.compile(r"'(?P<imported>[^']+)' imported but unused")


def _for_a_command(document: Document, item: Compiled, text: str) -> bool:
    """An unused import that a later command line names through the sample's module (:mod:`.exported`)."""
    match = _UNUSED.match(text)
    if match is None:
        return False
    python = document.derive(("python_starts",), lambda: {c.unit.region.start for c in compiled_units(document)
                                                          if c.tree is not None})
    return used_by_a_later_command(document, item.unit.region, match["imported"], python)
