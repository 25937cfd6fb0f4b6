"""
A Sphinx extension: each answer's status and changed-in, as a badge under its title.

An answer's field list sits right under its title (``:section:``,
``:status:``, ``:changed-in:``, ``:timeout:``); shown as it is, it reads like
a form.  This replaces it with what a reader needs, as one styled box: how
the old FAQ's answer fared, its section, and what changed since, with its
literals and links rendered.  (``:timeout:`` is for the runner only.)
"""

from __future__ import annotations

from docutils import nodes
from docutils.transforms import Transform


class LabelsPastComments(Transform):
    """
    ``.. _label:``, then ``.. faq-check: ...`` comments, then the title: the
    linter reads those comments as applying to the title, but docutils only
    gives a label to the element right after it.  Moving the label down past
    the comments (they render as nothing) lets ``:ref:`label``` find the title.
    Runs before docutils propagates targets (priority 260).
    """

    default_priority = 250

    def apply(self) -> None:
        for target in list(self.document.findall(nodes.target)):
            if target.get("refuri") or target.get("refid") or not target.get("names"):
                continue
            parent = target.parent
            after = parent.index(target) + 1
            while after < len(parent) and isinstance(parent[after], nodes.comment):
                after += 1
            if after < len(parent) and after > parent.index(target) + 1 and isinstance(parent[after], nodes.section):
                section = parent[after]
                parent.remove(target)
                parent.insert(parent.index(section), target)


def _fields(field_list: nodes.field_list) -> dict[str, nodes.field_body]:
    return {field[0].astext().strip().lower(): field[1] for field in field_list.children}


def add_badge(app, doctree: nodes.document) -> None:
    """Replace the field list right under an answer's title by its badge."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or len(section) < 2 or not isinstance(section[1], nodes.field_list):
        return
    fields = _fields(section[1])
    if "status" not in fields:
        return
    status = fields["status"].astext().strip()
    badge = nodes.container(classes=["faq-badge"])
    line = nodes.paragraph()
    line += nodes.inline(text=status, classes=["faq-status", f"faq-status-{status}"])
    if "section" in fields:
        line += nodes.inline(text=fields["section"].astext().strip(), classes=["faq-section"])
    badge += line
    if "changed-in" in fields:
        changed = nodes.paragraph(classes=["faq-changed"])
        changed += nodes.strong(text="Changed in: ")
        for paragraph in fields["changed-in"].findall(nodes.paragraph):
            changed.extend(child.deepcopy() for child in paragraph.children)
        badge += changed
    section.replace(section[1], badge)


def setup(app):
    app.add_transform(LabelsPastComments)
    app.connect("doctree-read", add_badge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
