"""
What an installed distribution declares: the requirements an extra
(``twisted[tls]``) adds, and whether a module imports without them.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import re


def extra_requires(extra: str, distribution: str = "twisted") -> set[str]:
    """The distributions ``distribution[extra]`` adds, lower-cased, as its installed metadata says (what pip reads)."""
    marker = re.compile(rf"extra\s*==\s*['\"]{re.escape(extra)}['\"]")
    return {re.split(r"[^A-Za-z0-9_.-]", requirement, maxsplit=1)[0].lower()
            for requirement in importlib.metadata.requires(distribution) or ()
            if marker.search(requirement)}


def imports_unless_missing(module: str, needs: set[str]) -> set[str]:
    """
    Import ``module``, which needs the top-level modules ``needs``: it must
    import when all of them are installed, and otherwise fail with
    ``ModuleNotFoundError`` naming one of those that are missing (so the
    reader learns what to install).  Returns the missing ones, so a proof
    runs whichever case this environment offers and can say which.
    """
    missing = {name for name in needs if importlib.util.find_spec(name) is None}
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        assert missing and error.name in missing, (module, error, missing)
    else:
        assert not missing, f"{module} imported without {sorted(missing)}"
    return missing
