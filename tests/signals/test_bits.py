"""The bit readers under the TCF and GPP decoders: base64url, integers, ranges, letters, dates, Fibonacci."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.signals import SignalError
from checker.signals.bits import (
    BASE64URL_ALPHABET,
    BitReader,
    base64url_bits,
    deciseconds_to_iso,
    expand_intervals,
)


def fibonacci_code(value: int) -> str:
    """The Fibonacci code word of value >= 1 (Zeckendorf bits, least weight first, then a closing 1)."""
    weights = [1, 2]
    while weights[-1] <= value:
        weights.append(weights[-1] + weights[-2])
    bits = ["0"] * len(weights)
    for index in reversed(range(len(weights))):
        if weights[index] <= value:
            bits[index], value = "1", value - weights[index]
    return "".join(bits).rstrip("0") + "1"


def test_base64url_bits() -> None:
    assert base64url_bits("A", "x") == "000000"
    assert base64url_bits("_", "x") == "111111"
    assert base64url_bits("Bg", "x") == "000001100000"
    assert base64url_bits(BASE64URL_ALPHABET, "x") == "".join(format(i, "06b") for i in range(64))


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "where: empty"), ("AB=", "not base64url (character '=')"), ("A+", "'+'"), ("A/", "'/'"),
     ("A B", "' '"), ("é", "'é'")],
)  # fmt: skip
def test_base64url_rejects(text: str, reason: str) -> None:
    with pytest.raises(SignalError) as raised:
        base64url_bits(text, "where")
    assert reason in str(raised.value)


@pytest.mark.parametrize(
    ("deciseconds", "iso"),
    [(0, "1970-01-01T00:00:00.0Z"), (17105060967, "2024-03-15T12:34:56.7Z"),
     (17104608000, "2024-03-15T00:00:00.0Z"), ((1 << 36) - 1, "2187-10-06T10:21:13.5Z")],
)  # fmt: skip
def test_deciseconds_to_iso(deciseconds: int, iso: str) -> None:
    assert deciseconds_to_iso(deciseconds) == iso


def test_reader_fields_in_order() -> None:
    reader = BitReader("000010" + "1" + "0101" + "000111" + "011001", "here")
    assert reader.read_int(6, "Version") == 2
    assert reader.read_bool("Flag") is True
    assert reader.read_bitfield(4, "Bits") == (2, 4)
    assert reader.read_letters(2, "Lang") == "HZ"
    assert reader.remaining == 0
    assert reader.read_int(0, "Nothing") == 0
    with pytest.raises(SignalError, match="here: truncated in Next"):
        reader.read_bool("Next")


def test_letters_beyond_z_are_rejected() -> None:
    with pytest.raises(SignalError, match="Lang holds 26, not a letter"):
        BitReader("011010", "here").read_letters(1, "Lang")


def range_entries(*entries: tuple[int, int | None]) -> str:
    bits = format(len(entries), "012b")
    for start, end in entries:
        bits += (
            "0" + format(start, "016b") if end is None else "1" + format(start, "016b") + format(end, "016b")
        )
    return bits


def test_ranges() -> None:
    bits = range_entries((3, None), (10, 12), (11, 14), (1, None), (3, None))
    assert BitReader(bits, "x").read_ranges("Vendors") == (1, 3, 10, 11, 12, 13, 14)
    assert BitReader(range_entries(), "x").read_ranges("Vendors") == ()
    assert BitReader(range_entries((1, 65535)), "x").read_ranges("Vendors") == tuple(range(1, 65536))


@pytest.mark.parametrize("entry", [(5, 4), (0, None), (0, 3)])
def test_invalid_ranges(entry: tuple[int, int | None]) -> None:
    with pytest.raises(SignalError, match="invalid range"):
        BitReader(range_entries(entry), "x").read_ranges("Vendors")


def test_many_huge_overlapping_ranges_stay_cheap() -> None:
    bits = range_entries(*[(1, 65535)] * 4095)
    assert len(BitReader(bits, "x").read_ranges("Vendors")) == 65535


def test_expand_intervals() -> None:
    assert expand_intervals([(5, 6), (1, 2), (2, 5)]) == (1, 2, 3, 4, 5, 6)
    assert expand_intervals([]) == ()


@pytest.mark.parametrize(
    ("code", "value"),
    [("11", 1), ("011", 2), ("0011", 3), ("1011", 4), ("00011", 5), ("10011", 6), ("01011", 7), ("000011", 8),
     ("0000000000000000000011", 17711)],
)  # fmt: skip
def test_fibonacci_known_codes(code: str, value: int) -> None:
    reader = BitReader(code + "0101", "x")
    assert reader.read_fibonacci("Id") == value
    assert reader.remaining == 4


@given(st.integers(min_value=1, max_value=1_000_000))
def test_fibonacci_round_trip(value: int) -> None:
    assert fibonacci_code(value).count("11") == 1
    assert BitReader(fibonacci_code(value), "x").read_fibonacci("Id") == value


def test_fibonacci_errors() -> None:
    with pytest.raises(SignalError, match="truncated in Id"):
        BitReader("0101", "x").read_fibonacci("Id")
    with pytest.raises(SignalError, match="longer than 30 bits"):
        BitReader("0" * 40 + "11", "x").read_fibonacci("Id")


def test_fibonacci_range() -> None:
    # The GPP specification's header example: sections 2 and 6 ("DBACNY" after Type and Version).
    reader = BitReader.from_base64url("DBACNY", "GPP header")
    reader.read_int(12, "Type and Version")
    assert reader.read_fibonacci_range("SectionIds") == (2, 6)
    # 2, then the range 5-12 (delta 3 from 2, then 7 from 5), then 20 (delta 8 from 12).
    bits = format(3, "012b") + "0" + fibonacci_code(2) + "1" + fibonacci_code(3) + fibonacci_code(7)
    bits += "0" + fibonacci_code(8)
    assert BitReader(bits, "x").read_fibonacci_range("Ids") == (2, *range(5, 13), 20)


def test_fibonacci_range_above_max_id() -> None:
    bits = format(1, "012b") + "1" + fibonacci_code(1) + fibonacci_code(70000)
    with pytest.raises(SignalError, match="an id above 65535"):
        BitReader(bits, "x").read_fibonacci_range("Ids")


@given(st.text(alphabet="01", max_size=300))
def test_any_bits_read_or_raise_signal_error(bits: str) -> None:
    reads: list[Callable[[BitReader], object]] = [
        lambda r: r.read_ranges("f"),
        lambda r: r.read_fibonacci_range("f"),
        lambda r: r.read_letters(3, "f"),
        lambda r: r.read_deciseconds("f"),
    ]
    for read in reads:
        with contextlib.suppress(SignalError):
            read(BitReader(bits, "x"))
