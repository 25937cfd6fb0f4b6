"""
The built-in catalogue is parsed once per catalogue text, reading code and
Python, and read back from the cache after that; the cache only ever costs time.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import subprocess
import sys

import pytest

from faq_checks.lint import catalogue, catalogue_cache, compiled_regex, safepickle
from faq_checks.lint.catalogue import DATA, CatalogueError, builtin_text, parse_catalogue
from faq_checks.lint.catalogue_entries import BUILTIN, Catalogue

SOURCE = str(DATA / BUILTIN)


@pytest.fixture
def cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "faq-checks"


def _counting(calls: list):
    def parse(text, source):
        calls.append(source)
        return parse_catalogue(text, source)
    return parse


def test_what_is_read_back_is_what_parsing_gives(cache_home):
    calls: list = []
    first = catalogue_cache.cached(builtin_text(), SOURCE, _counting(calls), Catalogue)
    second = catalogue_cache.cached(builtin_text(), SOURCE, _counting(calls), Catalogue)
    assert calls == [SOURCE]  # parsed once, then read back
    assert second is not first and second == first == parse_catalogue(builtin_text(), SOURCE)
    assert [e.pattern for e in second.entries] == [e.pattern for e in first.entries]
    assert [e.need for e in second.entries] == [e.need for e in first.entries]
    assert len(list(cache_home.glob("catalogue-*.pickle"))) == 1


def test_another_text_or_reading_code_is_another_key(cache_home, monkeypatch, tmp_path):
    text = builtin_text()
    before = catalogue_cache.key(text, SOURCE)
    assert catalogue_cache.key(text + "\n", SOURCE) != before
    assert catalogue_cache.key(text, SOURCE + "x") != before
    fake = tmp_path / "code"
    fake.mkdir()
    for name in catalogue_cache.READERS:
        (fake / f"{name}.py").write_text(open(os.path.join(catalogue_cache._HERE, f"{name}.py")).read())
    monkeypatch.setattr(catalogue_cache, "_HERE", str(fake))
    assert catalogue_cache.key(text, SOURCE) == before
    with open(fake / "prefilter.py", "a") as handle:
        handle.write("# a change to how prefilters are derived\n")
    assert catalogue_cache.key(text, SOURCE) != before


@pytest.mark.parametrize("content", [b"", b"not a cache", catalogue_cache.MARKER + b"\x80\x05truncated",
                                     catalogue_cache.MARKER + pickle.dumps(["a list, not a catalogue"]),
                                     catalogue_cache.MARKER + pickle.dumps(os.system)])
def test_a_corrupt_foreign_or_hostile_file_is_parsed_afresh(cache_home, content):
    calls: list = []
    path = cache_home / f"catalogue-{catalogue_cache.key(builtin_text(), SOURCE)}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    found = catalogue_cache.cached(builtin_text(), SOURCE, _counting(calls), Catalogue)
    assert calls == [SOURCE] and found == parse_catalogue(builtin_text(), SOURCE)


def test_a_pickle_naming_another_function_never_runs_it(cache_home, tmp_path):
    """os.system by pickle's reduce protocol: refused by the restricted reader, so the file is a miss."""
    witness = tmp_path / "ran"

    class Hostile:
        def __reduce__(self):
            return (os.system, (f"touch {witness}",))

    path = cache_home / f"catalogue-{catalogue_cache.key(builtin_text(), SOURCE)}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(catalogue_cache.MARKER + pickle.dumps(Hostile()))
    assert catalogue_cache.cached(builtin_text(), SOURCE, parse_catalogue, Catalogue).entries
    assert not witness.exists()


def test_a_catalogue_that_does_not_parse_raises_and_is_not_kept(cache_home):
    with pytest.raises(CatalogueError, match="not valid TOML"):
        catalogue_cache.cached("[[rule]\n", "broken.toml", parse_catalogue, Catalogue)
    assert not list(cache_home.glob("catalogue-*"))


def test_a_folder_that_cannot_be_written_only_costs_time(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder's parent is a file")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    found = catalogue_cache.cached(builtin_text(), SOURCE, parse_catalogue, Catalogue)
    assert found == parse_catalogue(builtin_text(), SOURCE)


def test_the_readers_are_every_module_of_ours_the_catalogue_imports():
    """A module the catalogue's parsing depends on but the key leaves out would let a stale cache through."""
    program = "import sys, faq_checks.lint.catalogue\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    ours = {name.rsplit(".", 1)[1] for name in done.stdout.split() if name.startswith("faq_checks.lint.")}
    assert ours <= set(catalogue_cache.READERS) | {"catalogue_cache", "safepickle"}


def test_the_builtin_catalogue_is_the_cached_one(cache_home):
    catalogue.builtin_catalogue.cache_clear()
    try:
        assert catalogue.builtin_catalogue() == parse_catalogue(builtin_text(), SOURCE)
        assert list(cache_home.glob("catalogue-*.pickle"))
    finally:
        catalogue.builtin_catalogue.cache_clear()


def _regexes(catalogue_read) -> list:
    return [value for entry in catalogue_read.entries for value in vars(entry).values() if isinstance(value, re.Pattern)]


def test_the_regexes_read_back_are_compiled_from_their_programs_not_again(cache_home, monkeypatch):
    """Equal patterns have equal programs (re compares the compiled code); none is compiled while reading."""
    catalogue_cache.cached(builtin_text(), SOURCE, parse_catalogue, Catalogue)
    re.purge()  # else re's own cache would hand back what parsing compiled
    compiled = []
    real = re._compiler.compile
    monkeypatch.setattr(re._compiler, "compile", lambda *args: compiled.append(args) or real(*args))
    read = catalogue_cache.cached(builtin_text(), SOURCE, lambda *a: pytest.fail("parsed again"), Catalogue)
    regexes = _regexes(read)
    assert len(regexes) >= 50 and compiled == []
    monkeypatch.undo()
    assert regexes == [re.compile(regex.pattern, regex.flags) for regex in regexes]


@pytest.mark.parametrize("regex", [re.compile(r"(?P<name>deferred)\.(?:callback|errback)\b(?=\()"),
                                   re.compile(r"(?ix) twisted \s+ (?P<release>\d+(\.\d+)*)"),
                                   re.compile(r"^\s*\.\. code-block::", re.MULTILINE),
                                   re.compile(rb"\x00[^\n]{3,}", re.DOTALL), re.compile("naïve\u00e9", re.ASCII)])
def test_a_regex_pickled_with_its_program_is_the_same_regex(regex):
    read = pickle.loads(_pickled(regex))
    assert read == regex and read.groupindex == regex.groupindex and read.groups == regex.groups
    assert read is not regex  # rebuilt, not re's own cache handing back the same object


def test_a_refused_program_is_compiled_from_its_text():
    text, flags, code, groups, groupindex, indexgroup = compiled_regex.program(re.compile("a(b)c"))
    damaged = compiled_regex.rebuild(text, flags, [99999, *code[1:]], groups, groupindex, indexgroup)
    assert damaged == re.compile("a(b)c") and damaged.match("abc").group(1) == "b"


def _pickled(value) -> bytes:
    buffer = io.BytesIO()
    safepickle._Overriding(buffer, compiled_regex.reduce).dump(value)
    return buffer.getvalue()
