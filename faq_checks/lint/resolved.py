"""
What a name resolved to, and the two kinds of question besides a Twisted name.

Shared by the resolver child (:mod:`.resolver`), which answers, the linter's
side (:mod:`.resolution`), which asks, and the name cache
(:mod:`.namecache`), which keeps the answers: a leaf, so that the child
imports nothing of the asking side.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A name sent with this prefix is resolved even outside ``twisted`` (what a
#: catalogue's ``gone`` entry may name); plain names outside it are "ok".
ANYWHERE = "any:"
#: A name sent with this prefix asks whether an installed distribution declares
#: that console script (``script:mktap``): ``ok`` if one does, else ``missing``.
#: The answer depends on what is installed, so the name cache keeps it only
#: with its environment key and uses it while that holds.
SCRIPT = "script:"


@dataclass(frozen=True)
class Resolution:
    """``status`` is ok, missing, deprecated or unverifiable; ``at`` the last part that resolved."""

    status: str
    at: str = ""
    version: str = ""
    detail: str = ""


NO_ANSWER = Resolution("unverifiable", detail="resolver gave no answer")
