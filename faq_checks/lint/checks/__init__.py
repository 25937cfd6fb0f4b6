"""
Every check, in the order they run.

A check is ``check(document, context) -> Iterable[Finding]`` (see
:data:`faq_checks.lint.model.Check`).  To add one, write it in its own module
here and append it to ``CHECKS``.
"""

from __future__ import annotations

from faq_checks.lint.checks.apis import check_apis
from faq_checks.lint.checks.controls import check_controls
from faq_checks.lint.checks.docslinks import check_docs_links
from faq_checks.lint.checks.links import check_links
from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.checks.shownfiles import check_shown_files
from faq_checks.lint.checks.refs import check_refs
from faq_checks.lint.checks.relativelinks import check_relative_links
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.model import Check

CHECKS: list[Check] = [
    check_controls,
    check_samples,
    check_apis,
    check_stale,
    check_refs,
    check_docs_links,
    check_relative_links,
    check_shown_files,
    check_links,
]
