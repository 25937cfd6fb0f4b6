"""
The API-name check's shortcuts give the answers of the plain forms they
replace (kept here as the reference), on every document of this repository
and on crafted ones that reach each edge.
"""

from __future__ import annotations

from pathlib import Path

from faq_checks.lint.checks import apinames, apis
from faq_checks.lint.checks.docslinks import api_page
from faq_checks.lint.document import parse_text
from faq_checks.lint.model import InputError, RegionKind

ROOT = Path(__file__).resolve().parents[2]

FILLER = "Some words about the reactor and nothing else. " * 12  # ~580 characters, no offer word
CRAFTED = [
    "A Service subclass for Forums might be named ``twisted.forum.service.ForumService``.\n",
    "It COULD BE called ``twisted.forum.Thing`` here.\n",
    "Use ``twisted.internet.defer.Deferred``; it would\nbe nice.\n\nNext ``twisted.web.client.getPage``.\n",
    FILLER + "\n\nThis could be named ``twisted.far.Name`` later.\n",
    "It might be ``twisted.near.Name``" + " x" * 195 + " and " + FILLER + "``twisted.other.Name``\n",
    "Would" + " " * 396 + "``twisted.edge.Name`` is it.\n",
    *(f"would be {'a' * k} ``twisted.edge.Name{k}``\n" for k in range(370, 400)),  # the offer word 400 back
    *(f"``twisted.edge.After{k}`` {'a' * k} might be\n" for k in range(370, 400)),  # and 400 on
    "Caf\u00e9 might be named ``twisted.cafe.Name`` (\u0130 and \u212a before: not ASCII).\n",
    ":class:`twisted.internet.protocol.Factory` and :api:`twisted.web.server.Site <Site>` and "
    "`link <https://docs.twisted.org/en/stable/api/twisted.web.client.Agent.html>`_ and ``not.twisted``\n",
    "``  twisted.spaced.Name  `` and ``~twisted.tilde.Name`` and ``twisted.call.Name()``\n",
]


def _documents():
    texts = [(f"crafted{i}.rst", text) for i, text in enumerate(CRAFTED)]
    for path in sorted([*ROOT.glob("answers/**/*.rst"), *ROOT.glob("docs/**/*.rst"), *ROOT.glob("tests/**/*.rst")]):
        texts.append((str(path), path.read_text(encoding="utf-8", errors="replace")))
    for path, text in texts:
        try:
            yield parse_text(path, text)
        except InputError:
            continue


def _plain_prose_mentions(document):
    """prose_mentions as it was: every region through api_page or _prose_name, no gate on its kind or text."""
    yield from apinames.short_mentions(document)
    for region in document.regions:
        name = api_page(region.text) if region.kind is RegionKind.LINK else _plain_prose_name(region)
        if not name:
            continue
        line, column = region.line, region.column
        if region.kind is RegionKind.ROLE and region.attributes.get("name") == "api":
            line, column = document.source.line_column(region.start + len(":api:`"))
        yield apinames.Mention(name, line, column, "prose")


def _plain_prose_name(region) -> str:
    """_prose_name as it was: every literal stripped and matched."""
    if region.kind is RegionKind.LITERAL:
        text = region.text.strip()
    elif region.kind is RegionKind.ROLE:
        role = region.attributes.get("name", "")
        if role == "api":
            text = region.attributes.get("raw", "").split("<", 1)[0].strip()
        elif role.startswith("py:") or role in apinames.PY_ROLES:
            text = region.text
        else:
            return ""
    else:
        return ""
    match = apinames._DOTTED.match(text)
    return match["name"] if match else ""


def test_prose_mentions_are_those_every_region_gives():
    mentioned = 0
    for document in _documents():
        fast = list(apinames.prose_mentions(document))
        assert fast == list(_plain_prose_mentions(document)), document.path
        mentioned += len(fast)
    assert mentioned > 50


def test_what_the_prose_says_of_a_mention_is_what_its_sentence_says():
    """The offer-word gate against always finding the sentence, for every mention; both answers met."""
    offered = compared = 0
    for document in _documents():
        offers = apis._Offers(document.source.text)
        for mention in apinames.mentions(document):
            plain = apis._statements(document, mention)
            assert apis._statements(document, mention, offers) == plain, (document.path, mention)
            offered += plain[2]
            compared += 1
    assert compared > 200 and offered >= 4
