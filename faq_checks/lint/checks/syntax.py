"""
One walk per syntax tree.

The samples and API-name checks ask many questions of the same blocks
(which names are bound, read, imported; which lines sit in a ``try``).
``ast.walk`` is a generator over ``iter_child_nodes`` and costs more than
the questions: walking every tree afresh for each question was a quarter
of a lint run.  :func:`nodes` lists a block's nodes once (in ``ast.walk``'s
order, so every answer is the same) and keeps the list on the tree, which
lives only as long as its document.
"""

from __future__ import annotations

import ast

_AST = ast.AST


def walk(node: ast.AST) -> list[ast.AST]:
    """Every node under ``node``, in :func:`ast.walk`'s breadth-first order, as a list."""
    found = [node]
    for current in found:  # the list is the queue: appended nodes are visited in turn
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, _AST):
                found.append(value)
            elif isinstance(value, list):
                found.extend(item for item in value if isinstance(item, _AST))
    return found


def nodes(tree: ast.AST) -> list[ast.AST]:
    """:func:`walk` of a whole block, computed once and kept on its tree."""
    listed = tree.__dict__.get("_faq_check_nodes")
    if listed is None:
        listed = tree._faq_check_nodes = walk(tree)
    return listed
