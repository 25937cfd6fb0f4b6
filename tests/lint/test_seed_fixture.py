"""
The seed FAQ, converted to .rst the way a new contributor would, is flagged
at every stale statement verified against Twisted 26.10 -- and nowhere else.

Each expected finding names the SEED-FACTS item it stands for.  Statements
that are only partly stale and still true as written (S13 "a Protocol
doesn't have a Factory when it is created", S14 "Tkinter and wxPython
support ... at any point") and the links whose targets cannot be verified
offline (S37) are deliberately not flagged.
"""

from __future__ import annotations

from pathlib import Path

from faq_checks.lint.engine import lint

FIXTURE = Path(__file__).parent / "fixtures" / "seed-faq.rst"

EXPECTED = [
    ("STL017", 24),   # S01 PostScript or PDF books inside the distribution
    ("STL010", 31),   # "As of version 2.0" (older than the horizon)
    ("STL007", 31),   # S02 split up into many subprojects
    ("STL008", 35),   # S03 the Split FAQ
    ("STL010", 40),   # "the 1.0 release" in the question
    ("STL009", 43),   # S04 only specific parts of Twisted are stable
    ("STL009", 44),   # S05 they will not change in ways that break existing code
    ("STL009", 56),   # S06 modules explictily marked as such; S07 semi-stable
    ("STL009", 59),   # S07 assume the module is unstable
    ("STL010", 61),   # S08 In Twisted 1.1
    ("STL009", 64),   # S09 stability is reading the module's docstrings
    ("STL001", 70),   # S10 mktap (the command and scripts/mktap.py)
    ("STL018", 73),   # S11 the Windows installer
    ("STL012", 74),   # S11 C:\Python22\scripts\
    ("STL019", 77),   # S12 Debian packages for Alphas and Release Candidates
    ("STL019", 85),   # S12 we prefix the previous version
    ("STL021", 129),  # S15 global name 'initRun' is not defined
    ("STL020", 133),  # S16 the twistd.log file ... full exception
    ("STL032", 138),  # S17 <...Ephemeral instance at 0x82450a4>
    ("STL022", 138),  # S17 is not safe for unpickling
    ("STL023", 182),  # S18 a.save()
    ("STL014", 184),  # S19 os.popen2
    ("STL031", 195),  # S20 spawnProcess defaults to clearing the environment
    ("STL024", 207),  # S22 Deferred can't automatically show your errors
    ("STL024", 209),  # S22 no reasonable place to put a logging call
    ("STL025", 211),  # S23 printing tracebacks when ... garbage collected
    ("STL025", 212),  # S23 setDebugging(True) to enable it
    ("REF003", 217),  # "See previous question."
    ("STL026", 225),  # S24 the Deferred Execution howto
    ("STL013", 235),  # S25 exceptions.ValueError
    ("STL027", 240),  # S26 reactor.run() will cause an error
    ("STL028", 255),  # S27 getPeer will give you a tuple
    ("PY002", 262),   # S28 print "connection from", ...
    ("STL029", 264),  # S29 Unicode objects as well as strings
    ("STL029", 268),  # S29 non-Unicode string objects
    ("STL029", 271),  # S29 Unicode objects are not byte-based
    ("STL004", 300),  # S30 svn diff
    ("STL030", 302),  # S31 post to the mailing list ... inlined
    ("STL005", 328),  # S32 mark it as having topic 'documentation'
    ("STL003", 334),  # S33 Lore
    ("STL004", 343),  # S34 fixed in Subversion (twice on the line)
    ("STL004", 345),  # S35 Subversion versions of any important files
    ("STL006", 363),  # S36 the file CREDITS
    ("STL004", 363),  # S36 in the Subversion repository
]


def test_the_seed_fixture_is_flagged_at_every_verified_stale_statement_and_nowhere_else():
    result = lint([str(FIXTURE)], settings={})
    assert result.errors == []
    # A fault repeated in one paragraph is one finding naming its other lines (faq_checks.lint.grouping).
    places = {(f.code, line) for f in result.findings for line in [f.line] + [line for line, _ in f.also]}
    found = sorted(places, key=lambda item: (item[1], item[0]))
    assert found == sorted(set(EXPECTED), key=lambda item: (item[1], item[0]))

