"""Which releases ``--twisted`` names, and the era pins an old one gets."""

import pytest

from faq_checks.matrix.releases import ReleaseError, parse_spec, release

INDEX = ["26.10.0", "26.4.0", "24.11.0", "23.8.0", "22.10.0"]


def lookup(pre=False):
    return ["27.1.0rc1", *INDEX] if pre else INDEX


def test_a_list_is_sorted_and_deduplicated():
    labels = [r.label for r in parse_spec("26.10.0, 24.11.0,24.11.0", lookup)]
    assert labels == ["24.11.0", "26.10.0"]


def test_all_and_next_come_from_the_index():
    assert [r.label for r in parse_spec("all", lookup)] == sorted(INDEX, key=lambda v: tuple(map(int, v.split("."))))
    assert [r.label for r in parse_spec("next", lookup)] == ["27.1.0rc1"]
    # From the index: wheels only.  Named as well: built however pip can.
    assert {r.label: r.wheel_only for r in parse_spec("all,24.11.0", lookup)}["22.10.0"] is True
    assert {r.label: r.wheel_only for r in parse_spec("all,24.11.0", lookup)}["24.11.0"] is False
    with pytest.raises(ReleaseError, match="no pre-release newer than 26.10.0"):
        parse_spec("next", lambda pre=False: INDEX)


def test_era_pins_only_below_their_release():
    assert release("22.10.0").pins == ("setuptools>=70,<81",)
    assert release("23.8.0").pins == ()
    assert release("22.10.0").requirements()[:2] == ["twisted==22.10.0", "setuptools>=70,<81"]


def test_a_checkout_is_a_requirement_with_a_safe_label():
    checkout = release("/src/twisted")
    assert checkout.requirement == "/src/twisted" and "/" not in checkout.label
    assert [r.label for r in parse_spec("/src/twisted,26.10.0", lookup)][-1] == checkout.label


def test_nothing_named_is_an_error():
    with pytest.raises(ReleaseError):
        parse_spec(" , ", lookup)
