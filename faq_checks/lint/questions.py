"""
What only the whole run can answer, gathered as documents are checked and answered once.

A document is checked as soon as it is read and then forgotten (so memory
stays flat as the tree grows); what a check cannot decide from one document
it yields as a :class:`~faq_checks.lint.model.Deferred` with its questions.
:class:`Questions` takes each checked document's labels, path and questions
as they come in (a Twisted name goes to the resolver child at once, see
:mod:`.resolution`), and :meth:`Questions.answers` gives the judges what they
asked about: every label of the run, the run's common folder, what each name
resolves to, and (with ``links``) how each external link fared.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from faq_checks.lint import tree
from faq_checks.lint.model import Deferred
from faq_checks.lint.resolution import Resolution, Resolver


@dataclass(frozen=True)
class Answers:
    labels: frozenset[str]
    common_root: str
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    #: Sphinx root -> the labels of the run's documents under it (and Sphinx's own).
    by_project: dict[str, frozenset[str]] = field(default_factory=dict)

    def project_labels(self, root: str | None) -> frozenset[str]:
        """
        The labels a document under the Sphinx root ``root`` can reach: those
        of the run's documents in the same project, since Sphinx resolves
        labels per project; a document in no Sphinx project sees every label.
        """
        if root is None:
            return self.labels
        return self.by_project.get(root, tree.BUILTIN_LABELS)


class Questions:
    """Every checked document's contribution to the run, and the questions its checks left open."""

    def __init__(self, settings: dict, resolver: Resolver | None = None) -> None:
        self.settings = settings
        self.labels: set[str] = set(tree.BUILTIN_LABELS)
        self.by_project: dict[str, set[str]] = {}
        self.paths: list[str] = []
        self.urls: set[str] = set()
        self.resolver = resolver or Resolver()
        self.errors: list[str] = []  # problems that are not findings (a link cache that cannot be used)

    def add(self, path: str, labels: Iterable[str], deferred: Iterable[Deferred]) -> None:
        self.paths.append(path)
        self.labels.update(labels)
        project = tree.sphinx_root(os.path.dirname(os.path.abspath(path)))
        if project is not None:
            self.by_project.setdefault(project, set(tree.BUILTIN_LABELS)).update(labels)
        names = []
        for item in deferred:
            for topic, key in item.asks:
                if topic == "name":
                    names.append(key)
                elif topic == "url":
                    self.urls.add(key)
        if names:
            self.resolver.ask(names)

    def answers(self) -> Answers:
        links = {}
        if self.urls:
            from faq_checks.lint.checks.links import outcomes  # late: only --links fetches
            links = outcomes(self.urls, self.settings, self.errors)
        by_project = {root: frozenset(labels) for root, labels in self.by_project.items()}
        return Answers(frozenset(self.labels), tree.common_root(self.paths), self.resolver.results(), links, by_project)
