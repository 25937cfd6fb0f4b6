"""
Command-line value checks shared by every ``faq-check`` command.

One rule per kind of value, so ``--jobs 0`` is the same usage error (exit 2,
the option named) in ``run``, ``lint`` and ``mutate``, never quietly turned
into something else.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def positive(kind: type = int) -> Callable[[str], int | float]:
    """An argparse ``type``: a finite number of ``kind`` above 0 (a whole one for int)."""
    wanted = "a whole number of at least 1" if kind is int else "a number above 0"

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (0 < value < math.inf):  # nan is refused too
            raise argparse.ArgumentTypeError(f"must be {wanted}, not {text!r}")
        return value
    return parse


#: ``--jobs`` and other counts.
positive_int = positive(int)
