"""tox's per-release environments install what the matrix envs install."""

import configparser
import re
from pathlib import Path

from faq_checks.matrix.releases import TOOL_REQUIREMENTS, release

TOX = Path(__file__).parent.parent / "tox.ini"


def factor_envs() -> tuple[list[str], list[str]]:
    config = configparser.ConfigParser(interpolation=None)
    config.read(TOX)
    (section,) = [s for s in config.sections() if s.startswith("testenv:twisted{")]
    factors = re.search(r"\{(.*)\}", section).group(1).split(",")
    return factors, config[section]["deps"].strip().splitlines()


def test_every_factor_pins_its_release_and_the_era_pins():
    factors, deps = factor_envs()
    assert [d for d in deps if ":" not in d] == list(TOOL_REQUIREMENTS)
    for factor in factors:
        mine = [d.split(":", 1)[1].strip() for d in deps if d.startswith(f"twisted{factor}:")]
        (version,) = [d.split("==")[1] for d in mine if d.startswith("twisted==")]
        assert "".join(version.split(".")[:2]) == factor, (factor, version)
        assert mine == [r for r in release(version).requirements() if r not in TOOL_REQUIREMENTS]
