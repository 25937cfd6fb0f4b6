"""
Write the list of pages in a Twisted release's Sphinx docs tree.

REF004 checks links to Twisted's documentation offline, against the pages
that release's docs tree actually has.  This script regenerates that list
from the release's sdist (or from an unpacked ``docs/`` directory)::

    pip download --no-deps --no-binary :all: twisted==26.10.0 -d /tmp/sdist
    python tools/twisted_docs_pages.py /tmp/sdist/twisted-26.10.0.tar.gz

and writes ``faq_checks/lint/data/twisted-docs-<version>.txt``: one page a
line, as the path Sphinx publishes it under without ``.html``
(``core/howto/servers``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
from pathlib import Path, PurePosixPath

DATA = Path(__file__).resolve().parent.parent / "faq_checks" / "lint" / "data"
_SDIST_NAME = re.compile(r"twisted-(?P<version>[0-9][0-9.]*[0-9])\.tar\.(gz|bz2)$", re.IGNORECASE)


def pages_in_names(names: list[str]) -> list[str]:
    """Page paths for the ``docs/**/*.rst`` members among ``names``."""
    pages = set()
    for name in names:
        path = PurePosixPath(name)
        parts = path.parts
        if "docs" not in parts or path.suffix != ".rst":
            continue
        relative = PurePosixPath(*parts[parts.index("docs") + 1:])
        if relative.parts and not relative.parts[0].startswith("_"):
            pages.add(str(relative.with_suffix("")))
    return sorted(pages)


def pages_of(source: Path) -> list[str]:
    """The pages of an sdist tarball or of a docs directory."""
    if source.is_dir():
        return pages_in_names(["docs/" + str(p.relative_to(source)) for p in source.rglob("*.rst")])
    with tarfile.open(source) as archive:
        return pages_in_names(archive.getnames())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("source", type=Path, help="twisted-X.Y.Z.tar.gz or a docs/ directory")
    parser.add_argument("--version", help="release number (read from the sdist name if omitted)")
    args = parser.parse_args(argv)
    match = _SDIST_NAME.search(args.source.name)
    version = args.version or (match and match["version"])
    if not version:
        parser.error("cannot tell the release from the file name: pass --version")
    pages = pages_of(args.source)
    if not pages:
        print(f"{args.source}: no docs/**/*.rst found", file=sys.stderr)
        return 1
    target = DATA / f"twisted-docs-{version}.txt"
    target.write_text("".join(page + "\n" for page in pages), encoding="utf-8")
    print(f"{target}: {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
