"""
Helpers for answers' invisible proofs, so that they check what the reader
sees rather than a copy of it.

- :class:`Shown` captures what a visible sample prints: start it in an
  invisible block right before the sample, read :meth:`Shown.text` right
  after it.
- :func:`session` splits a captured ``console`` block into its commands and
  their output (the same reading ``faq-check mutate`` uses), so a proof can
  run the very commands the reader copies.
- :func:`shell` runs one such command, offline, with a timeout, and
  :func:`shows` compares its output with the output shown (``...`` elides).
- :func:`prose`, :func:`prose_urls` and :func:`says` read the answer's own
  text outside its code, so that a proof can tie a sentence to the fact it
  checks: change the number in the sentence and the proof fails.
- :func:`extra_requires` and :func:`imports_unless_missing` prove what an
  extra (``twisted[tls]``) brings and what fails without it, on whatever
  this environment has installed.

One module per kind of question: :mod:`.commands` (running what a
``console`` block shows, capturing what a sample prints), :mod:`.reading`
(the answer's own text), :mod:`.extras` (what an installed distribution
declares).  Answers import from here.
"""

from __future__ import annotations

from faq_checks.proofs.commands import Command, Shown, session, shell, shell_environment, shows, start, stop
from faq_checks.proofs.extras import extra_requires, imports_unless_missing
from faq_checks.proofs.reading import (answer_path, block_before, prose, prose_urls, says, twisted_urls,
                                       unproven_urls)

__all__ = ["Command", "Shown", "answer_path", "block_before", "extra_requires", "imports_unless_missing", "prose",
           "prose_urls", "says", "session", "shell", "shell_environment", "shows", "start", "stop",
           "twisted_urls", "unproven_urls"]
