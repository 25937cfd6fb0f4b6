"""Where each lint code is documented: the ``:ref:`` of its row in docs/rules/index.rst."""

from __future__ import annotations

import os
import re
from pathlib import Path

_ROW = re.compile(r"^([A-Z]+\d{3})\s+\w+\s+.*:ref:`(rule-[\w-]+)`\s*$", re.MULTILINE)
_LABEL = re.compile(r"^\.\. _(rule-[\w-]+):\s*$", re.MULTILINE)


def rule_links(rules_dir: Path, base: str | None = None) -> dict[str, str]:
    """
    Code -> link.  With ``base`` (the built docs' rules folder, see
    ``tox -e docs``) the link is its HTML page and anchor; without, the .rst
    file itself, which a browser shows as text.
    """
    index = rules_dir / "index.rst"
    if not index.is_file():
        return {}
    label_file = {}
    for page in sorted(rules_dir.glob("*.rst")):
        for label in _LABEL.findall(page.read_text(encoding="utf-8")):
            label_file[label] = page
    links = {}
    for code, label in _ROW.findall(index.read_text(encoding="utf-8")):
        page = label_file.get(label)
        if page is None:
            continue
        if base:
            links[code] = f"{base.rstrip('/')}/{page.stem}.html#{label.lower()}"
        else:
            links[code] = Path(os.path.abspath(page)).as_uri()
    return links
