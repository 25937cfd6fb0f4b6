"""
One document in, what is kept of it out: :class:`Checker` reads and lexes a
file once, runs every check on it, and returns a :class:`Checked` -- the
findings, what the checks deferred to the end of the run, the labels the
document defines and its ignore comments -- so that the document itself can
be forgotten.  A Checker lives in one process (the linter's, or a worker's)
and keeps one :class:`~faq_checks.lint.model.Context` for all its documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from faq_checks.lint.document import parse_text, read_document, read_text
from faq_checks.lint.grouping import element_spans
from faq_checks.lint.model import Check, Context, Deferred, Document, Finding, InputError
from faq_checks.lint.outside import recording
from faq_checks.lint.questions import Answers
from faq_checks.lint.resultcache import ResultCache, run_key
from faq_checks.lint.suppress import Silencer, silencers
from faq_checks.lint.tree import document_labels
from faq_checks.paths import DEFAULT_MAX_FILE_SIZE


@dataclass
class Checked:
    """
    What is kept of a document once it is checked: its findings, what its
    checks deferred to the end of the run, the labels it defines and its
    silencers (applied once the deferred findings are in, so that CTL002
    sees them all).  Its text and regions are gone, so memory stays flat.
    """

    path: str
    readable: bool = True
    group: str = ""  # the configuration it was checked under (see engine.Groups)
    findings: list[Finding] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    labels: frozenset[str] = frozenset()
    silencers: list[Silencer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    complete: bool = True  # every check ran on it without failing (only then is a silencer known unused)
    #: Fixes proposed while the document was in hand, by (code, line): attached once findings are judged.
    fixes: dict = field(default_factory=dict)
    #: The lines of its code blocks and paragraphs, where repeated findings are folded into one (:mod:`.grouping`).
    elements: tuple = ()


class Checker:
    """Checks documents one at a time, in one process, with one context for all of them."""

    def __init__(self, settings: dict, checks: Sequence[Check], cache: bool = False) -> None:
        self.context = Context(settings)
        self.checks = list(checks)
        self.broken: set[int] = set()  # checks whose data is invalid: reported once, then skipped
        #: Each document's result kept between runs (see :mod:`.resultcache`): if asked for and not
        #: turned off by the configuration (``result-cache = false``).
        wanted = cache and settings.get("result_cache", True)
        self.cache = ResultCache(run_key(settings, self.checks), Checked) if wanted else None

    def check_path(self, path: str, text: str | None = None) -> Checked:
        """
        The file at ``path`` (or ``text``, given for it: standard input, never
        cached) read, lexed and checked; or its result from the cache, when
        neither its text nor anything its check learnt from the disk changed.
        """
        limit = int(self.context.settings.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
        try:
            if text is not None or self.cache is None or self.broken:
                return self.check_document(read_document(path, limit) if text is None else parse_text(path, text))
            text = read_text(path, limit)
            cached = self.cache.get(path, text)
            if cached is not None:
                return cached
            with recording() as seen:  # lexing reads included files: recorded too
                checked = self.check_document(parse_text(path, text))
            self.cache.put(path, text, list(seen.values()), checked)
            return checked
        except InputError as error:
            return Checked(path, readable=False, errors=[str(error)])
        except (RecursionError, MemoryError) as error:  # one crafted file must not lose the others' findings
            return Checked(path, readable=False,
                           errors=[f"{path}: cannot lint: {type(error).__name__} (too deeply nested or too large)"])

    def check_document(self, document: Document) -> Checked:
        checked = Checked(document.path, labels=document_labels(document), silencers=silencers(document),
                          elements=element_spans(document))
        for index, check in enumerate(self.checks):
            if index in self.broken:
                continue
            try:
                found = list(check(document, self.context))
            except InputError as error:
                checked.errors.append(str(error))
                self.broken.add(index)
                continue
            except Exception as error:  # a bug in a check must not hide the other findings
                checked.errors.append(_internal(document.path, check, error))
                continue
            for item in found:
                (checked.deferred if isinstance(item, Deferred) else checked.findings).append(item)
        checked.complete = not self.broken and not checked.errors
        checked.fixes = _proposals(document, checked, self.context.settings)
        checked.errors += self.context.memo.pop("errors", [])  # problems a check met that are not findings
        return checked


def _proposals(document: Document, checked: Checked, self_settings: dict) -> dict:
    """The document's fixes (see :mod:`.fixers`); a fixer's bug costs the fixes, never the findings."""
    from faq_checks.lint.fixers import propose
    try:
        return propose(document, checked.findings, self_settings)
    except Exception as error:
        checked.errors.append(_internal(document.path, propose, error))
        return {}


def judge(checked: Checked, answers: Answers) -> list[Finding]:
    """The findings a document's deferred checks come to, now that the run's questions are answered."""
    findings = []
    for item in checked.deferred:
        try:
            findings += list(item.judge(answers, *item.args))
        except Exception as error:
            checked.errors.append(_internal(checked.path, item.judge, error))
            checked.complete = False
    return findings


def _internal(path: str, check: object, error: Exception) -> str:
    return f"{path}: internal error in {_name(check)}: {type(error).__name__}: {error}"


def _name(check: Check) -> str:
    return getattr(check, "__qualname__", None) or type(check).__name__


