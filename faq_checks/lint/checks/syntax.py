"""
One walk per syntax tree.

The samples and API-name checks ask many questions of the same blocks
(which names are bound, read, imported; which lines sit in a ``try``).
``ast.walk`` is a generator over ``iter_child_nodes`` and costs more than
the questions: walking every tree afresh for each question was a quarter
of a lint run.  :func:`nodes` lists a block's nodes once (in ``ast.walk``'s
order, so every answer is the same) and keeps the list on the tree, which
lives only as long as its document; :func:`of_type` keeps them sorted by
type too, so a question about imports or ``try`` blocks reads only those
instead of testing every node of the block against a chain of classes.
"""

from __future__ import annotations

import ast

_AST = ast.AST


def walk(node: ast.AST, stop: tuple[type, ...] = ()) -> list[ast.AST]:
    """
    Every node under ``node``, in :func:`ast.walk`'s breadth-first order, as
    a list; with ``stop``, nodes of those classes (below ``node``) are listed
    but not entered.  The list is the queue (appended nodes are visited in
    turn), and a list field is read with a plain loop rather than a
    generator handed to ``extend``: half the time over the blocks of three
    real docs trees.
    """
    found = [node]
    append = found.append
    for current in found:
        if stop and current is not node and isinstance(current, stop):
            continue
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, _AST):
                append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, _AST):
                        append(item)
    return found


def nodes(tree: ast.AST) -> list[ast.AST]:
    """:func:`walk` of a whole block; the nodes below its root are listed once and kept on the tree."""
    return [tree, *_below(tree)]


def _below(tree: ast.AST) -> list[ast.AST]:
    """
    :func:`walk` of a block without its root, kept on the tree.  What is
    kept on a tree never refers back to it: a tree that held itself would be
    a reference cycle, freed only by the garbage collector, long after its
    document, instead of as soon as the document's checks let go of it.
    """
    listed = tree.__dict__.get("_faq_check_nodes")
    if listed is None:
        listed = walk(tree)
        del listed[0]
        tree._faq_check_nodes = listed
    return listed


def by_type(tree: ast.AST) -> dict:
    """
    The nodes below the block's root by exact class, each list in
    :func:`walk`'s order (a class the block lacks has no key); found once
    and kept on the tree (the root is left out: see :func:`_below`;
    :func:`of_type` adds it back).
    """
    index = tree.__dict__.get("_faq_check_types")
    if index is None:
        index = tree._faq_check_types = {}
        for node in _below(tree):
            kind = type(node)
            listed = index.get(kind)
            if listed is None:
                index[kind] = [node]
            else:
                listed.append(node)
    return index


def of_type(tree: ast.AST, *types: type) -> list[ast.AST]:
    """
    The block's nodes of exactly these classes, in :func:`walk`'s order;
    found once per tree.  ``isinstance`` and ``type() is`` agree on the
    trees :func:`ast.parse` makes: no concrete node class has a subclass.
    """
    index = by_type(tree)
    root = type(tree) in types  # a module's root is its only Module: never asked for by the checks
    if len(types) == 1:
        found = index.get(types[0], [])
    else:
        if types not in index:  # several classes in walk order (imports of both kinds): one pass, kept
            wanted = set(types)
            index[types] = [node for node in _below(tree) if type(node) in wanted]
        found = index[types]
    return [tree, *found] if root else found


def holds(tree: ast.AST, types: tuple[type, ...]) -> bool:
    """Whether the block has a node of one of these exact classes anywhere."""
    index = by_type(tree)
    return type(tree) in types or any(kind in index for kind in types)
