"""
Where a document mentions a dotted Twisted name.

In code: what imports name (``import twisted.web.server``, ``from
twisted.internet import defer``), and attribute chains rooted at a name an
import bound, in this block or an earlier one of the same document (they
share a namespace when they run): ``defer.inlineCallbacks`` is
``twisted.internet.defer.inlineCallbacks``.  Imports inside a ``try`` that
handles ImportError, or inside ``with raises(...)``, are probes that are
expected to fail, and are marked so.

In prose: an inline literal that is exactly a dotted name (``twisted.x.y``
or ``twisted.x.y()``), and the targets of Python-domain roles
(``:py:class:``, ``:meth:``, ...) and of the legacy ``:api:`` role, whose
target comes first: ``:api:`twisted.x.Y <Y>```.  A removed name the
catalogue marks ``short_name`` is also mentioned by its last part alone
(``getPage``, or the bare word), in Twisted's own docs or, elsewhere, in a
sentence that names Twisted: a Scrapy page may have a ``getPage`` of its own.
A link to a page of the current API reference names its name too
(``.../en/stable/api/twisted.web.client.getPage.html``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from faq_checks.lint.checks.compiling import compiled_units
from faq_checks.lint.checks.docslinks import api_page
from faq_checks.lint.checks.syntax import of_type, walk
from faq_checks.lint.checks.units import locate
from faq_checks.lint.model import Document, Region, RegionKind
from faq_checks.lint.prefilter import may_match

PY_ROLES = frozenset("class meth func mod attr exc data obj const function method module exception".split())
_PLACEHOLDER = re.compile(r"^(?:(?:some|your|my)[a-z]\w*|foo|bar|baz|spam|eggs|example|xxx|yyy)$", re.IGNORECASE)
_DOTTED = re.compile(r"^[~!]?(?P<name>twisted(?:\.[A-Za-z_]\w*)*)(?:\(.*\))?$", re.DOTALL)


@dataclass(frozen=True)
class Mention:
    name: str
    line: int
    column: int
    where: str           # "code" or "prose"
    probe: bool = False  # expected not to resolve (a guarded import)
    warned: bool = False  # used where its DeprecationWarning is caught on purpose
    spelled: str = ""    # how the text writes it, when not the whole name (``getPage``)


def mentions(document: Document) -> Iterator[Mention]:
    """Every mention, except names with a placeholder part (``twisted.yourmodule``): those name nothing."""
    for mention in list(code_mentions(document)) + list(prose_mentions(document)):
        if not _has_placeholder(mention.name):
            yield mention


@lru_cache(maxsize=4096)
def _has_placeholder(name: str) -> bool:
    """Whether a part of the dotted name is a placeholder; asked once per name (a document repeats its names)."""
    return any(_PLACEHOLDER.match(part) for part in name.split("."))


def prose_mentions(document: Document) -> Iterator[Mention]:
    yield from short_mentions(document)
    for region in document.regions:
        kind = region.kind
        if kind is RegionKind.LINK:
            name = api_page(region.text)
        elif kind is RegionKind.LITERAL or kind is RegionKind.ROLE:  # the others never name one
            name = _prose_name(region)
        else:
            continue
        if not name:
            continue
        line, column = region.line, region.column
        if region.kind is RegionKind.ROLE and region.attributes.get("name") == "api":
            line, column = document.source.line_column(region.start + len(":api:`"))
        yield Mention(name, line, column, "prose")


@lru_cache(maxsize=4)
def _short_words(names: tuple[str, ...]) -> re.Pattern[str]:
    """A bare word or an inline literal that is exactly one of ``names`` (``getPage``, ``getPage()``)."""
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"(?<![\w.<`])(?:``)?(?P<name>{alternatives})(?:\(\))?(?:``)?(?![\w`(<])")


@lru_cache(maxsize=4)
def _may_name(words: re.Pattern[str]):
    return may_match(words)


def short_mentions(document: Document) -> Iterator[Mention]:
    """Removed names called by their last part in prose: ``getPage`` is ``twisted.web.client.getPage``."""
    from faq_checks.lint.catalogue import builtin_catalogue
    from faq_checks.lint.checks.stale import another_project, names_twisted

    short = builtin_catalogue().short_names
    if not short:
        return
    words, foreign = _short_words(tuple(short)), another_project(document)
    text = document.source.text
    if not _may_name(words)(text):  # most documents name none of them: no need to try every position
        return
    for region in document.of_kind(RegionKind.PROSE):
        for match in words.finditer(text, region.start, region.end):
            if foreign and not names_twisted(text, match):
                continue
            line, column = document.source.line_column(match.start("name"))
            yield Mention(short[match["name"]], line, column, "prose", spelled=match["name"])


def _prose_name(region: Region) -> str:
    if region.kind is RegionKind.LITERAL:
        if "twisted" not in region.text:  # what _DOTTED needs (nearly every literal lacks it)
            return ""
        text = region.text.strip()
    elif region.kind is RegionKind.ROLE:
        role = region.attributes.get("name", "")
        if role == "api":
            text = region.attributes.get("raw", "").split("<", 1)[0].strip()
        elif role.startswith("py:") or role in PY_ROLES:
            text = region.text
        else:
            return ""
    else:
        return ""
    match = _DOTTED.match(text)
    return match["name"] if match else ""


def code_mentions(document: Document) -> Iterator[Mention]:
    units = [(item.unit, item.tree) for item in compiled_units(document) if item.tree is not None]
    rebound = set().union(*(_assigned(tree) for _, tree in units))
    bound: dict[str, str] = {}
    for unit, tree in units:
        probes, warned = _guarded_lines(tree, _handles, _PROBES), _guarded_lines(tree, None, _WARNING_CATCHERS)
        for name, line, column in _names(tree, bound if unit.shared else dict(bound), rebound):
            at_line, at_column, _ = locate(document, unit, line, column, utf8=True)
            yield Mention(name, at_line, at_column, "code", line in probes, line in warned)


def _assigned(tree: ast.AST) -> set[str]:
    """
    Names a block binds other than by importing Twisted.  A chain rooted at
    one of them (``server = Site(...)`` after ``from twisted.web import
    server``, or ``def main(reactor)``) is not followed: it may not be the module.
    """
    names = {node.id for node in of_type(tree, ast.Name) if isinstance(node.ctx, (ast.Store, ast.Del))}
    names |= {node.arg for node in of_type(tree, ast.arg)}
    names |= {node.name for kind in _DEFINITIONS for node in of_type(tree, kind)}
    names |= {node.name for node in of_type(tree, ast.ExceptHandler) if node.name}
    for node in of_type(tree, ast.Import, ast.ImportFrom):
        if not _twisted(getattr(node, "module", "") or ""):
            names |= {a.asname or a.name.split(".")[0] for a in node.names if not _twisted(a.name)}
    return names


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _names(tree: ast.AST, bound: dict[str, str], rebound: set[str]) -> Iterator[tuple[str, int, int]]:
    """Dotted Twisted names in a block, in order, updating ``bound`` with what its imports bind."""
    for node in of_type(tree, ast.Import, ast.ImportFrom):
        if type(node) is ast.Import:
            for alias in node.names:
                if _twisted(alias.name):
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else "twisted"
                    yield alias.name, node.lineno, node.col_offset
        elif node.level == 0 and _twisted(node.module or ""):
            for alias in node.names:
                full = node.module if alias.name == "*" else f"{node.module}.{alias.name}"
                if alias.name != "*":
                    bound[alias.asname or alias.name] = full
                yield full, node.lineno, node.col_offset
    chains = [node for node in of_type(tree, ast.Attribute) if isinstance(node.ctx, ast.Load)]
    inner = {id(n.value) for n in chains if isinstance(n.value, ast.Attribute)}
    for node in sorted(chains, key=lambda n: (n.lineno, n.col_offset)):
        if id(node) in inner:
            continue
        dotted = _dotted(node)
        if dotted and dotted.split(".")[0] in bound and dotted.split(".")[0] not in rebound:
            root, _, rest = dotted.partition(".")
            yield f"{bound[root]}.{rest}", node.lineno, node.col_offset


def _twisted(name: str) -> bool:
    return name == "twisted" or name.startswith("twisted.")


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    return ".".join([node.id] + parts[::-1])


_PROBES = ("raises", "assertRaises")
_WARNING_CATCHERS = ("catch_warnings", "warns", "assertWarns", "assertWarnsRegex", "deprecated_call")


def _guarded_lines(tree: ast.AST, handles, managers: tuple[str, ...]) -> set[int]:
    """
    Lines inside ``try`` bodies whose handlers ``handles`` accepts, or inside
    ``with`` blocks managed by a call to one of ``managers``: code that
    expects the failure or the warning it provokes.
    """
    lines: set[int] = set()
    bodies = [node.body for node in of_type(tree, ast.Try) if handles and any(handles(h) for h in node.handlers)]
    bodies += [node.body for kind in (ast.With, ast.AsyncWith) for node in of_type(tree, kind)
               if any(_call_to(i.context_expr, managers) for i in node.items)]
    for body in bodies:
        for statement in body:
            lines |= {n.lineno for n in walk(statement) if hasattr(n, "lineno")}
    return lines


def _handles(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = {n.id for n in ast.walk(handler.type) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(handler.type) if isinstance(n, ast.Attribute)}
    return bool(names & {"ImportError", "ModuleNotFoundError", "AttributeError", "Exception", "BaseException"})


def _call_to(expression: ast.AST, names: tuple[str, ...]) -> bool:
    if not isinstance(expression, ast.Call):
        return False
    function = expression.func
    return (function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")) in names
