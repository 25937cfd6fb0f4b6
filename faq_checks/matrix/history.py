"""
Check the matrix against each answer's ``:changed-in:`` field.

``:changed-in:`` names the releases in which the old answer stopped being
true, so the new answer's proof should fail on the tested releases before
such a change and pass from it on.  Three ways the two disagree, each a
finding with the answer's path, because either the history or the proof is
wrong:

- ``late``: the answer passes only since W (and never before), yet ``:changed-in:`` names no
  release between the last failing one and W;
- ``regression``: it passed, broke in B and was fixed later, and
  ``:changed-in:`` names nothing from B to the fix;
- ``blind``: ``:changed-in:`` names V inside the tested range, yet the proof
  already passes on every release before V, so it does not show the change.
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from faq_checks.matrix.aggregate import PASSED
from faq_checks.matrix.releases import release_order
from faq_checks.run.outcome import AnswerOutcome


def changed_in_versions(fields: dict) -> list[Version]:
    """The releases ``:changed-in:`` names (read as ``faq-check run`` reads stale-since)."""
    since = AnswerOutcome("", fields=fields).stale_since
    return [Version(v) for v in since.split(", ") if v]


def _versions(results: dict[str, str]) -> list[tuple[Version, bool]]:
    found = []
    for label in sorted(results, key=release_order):
        try:
            found.append((Version(label), results[label] == PASSED))
        except InvalidVersion:
            continue  # a checkout has no place in release history
    return found


def mismatches(row: dict) -> list[dict]:
    """The disagreements between one matrix row and its ``:changed-in:``."""
    tested = _versions(row["results"])
    if not tested:
        return []
    named = changed_in_versions(row["fields"])
    found = []

    def within(low: Version | None, high: Version) -> list[Version]:
        return [v for v in named if (low is None or v > low) and v <= high]

    since = row["works_since"]
    if since and not any(passed for v, passed in tested if v < Version(since)) \
            and Version(since) > tested[0][0]:
        before = max(v for v, passed in tested if v < Version(since))
        if not within(before, Version(since)):
            found.append({"kind": "late", "message":
                          f"passes only since {since} (fails on {before}), but :changed-in: "
                          f"names no release after {before} up to {since}"})
    for broke in row["broke_in"]:
        fixes = [Version(f) for f in row["fixed_in"] if _after(f, broke)]
        end = min(fixes) if fixes else tested[-1][0]
        if not within(_previous(tested, Version(broke)), end):
            found.append({"kind": "regression", "message":
                          f"broke in {broke}" + (f", fixed in {end}" if fixes else "")
                          + ", and :changed-in: names no release in that span"})
    turns = [Version(t) for t in row["broke_in"] + row["fixed_in"] if _is_version(t)]
    for version in named:
        earlier = [passed for v, passed in tested if v < version]
        explains_a_turn = any(_previous(tested, t) < version <= t for t in turns)
        if version <= tested[-1][0] and earlier and all(earlier) and not explains_a_turn:
            found.append({"kind": "blind", "message":
                          f":changed-in: names {version}, but the proof already passes on "
                          f"every tested release before it: it does not show the change"})
    return [{"path": row["path"], **item} for item in found]


def _is_version(label: str) -> bool:
    try:
        Version(label)
    except InvalidVersion:
        return False
    return True


def _after(label: str, other: str) -> bool:
    return release_order(label) > release_order(other)


def _previous(tested: list[tuple[Version, bool]], version: Version) -> Version | None:
    earlier = [v for v, _ in tested if v < version]
    return max(earlier) if earlier else None
