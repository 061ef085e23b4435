"""Bit readers of base64url consent strings: integers, bitfields, id ranges, letters, dates, Fibonacci."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

from checker.signals.errors import SignalError

# base64url ("websafe") without padding, as TCF and GPP use it: 6 bits a character, most significant first.
BASE64URL_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
BITS_PER_CHAR: Final = 6
LETTER_BITS: Final = 6
DECISECONDS_BITS: Final = 36
NUM_ENTRIES_BITS: Final = 12
RANGE_ID_BITS: Final = 16
MAX_ID: Final = (1 << RANGE_ID_BITS) - 1
# A Fibonacci code word longer than this is garbage (the 30th weight is 1,346,269, far above MAX_ID).
FIBONACCI_MAX_BITS: Final = 30


def base64url_bits(text: str, where: str) -> str:
    """The bits of a base64url text as a string of "0"/"1"; `where` names the text in the error."""
    if not text:
        raise SignalError(f"{where}: empty")
    bad = next((char for char in text if char not in BASE64URL_ALPHABET), None)
    if bad is not None:
        raise SignalError(f"{where}: not base64url (character {bad!r})")
    return "".join(format(BASE64URL_ALPHABET.index(char), "06b") for char in text)


def deciseconds_to_iso(deciseconds: int) -> str:
    """Deciseconds since the epoch as ISO 8601 UTC with one fractional digit: "2024-03-15T12:34:56.7Z"."""
    seconds, tenths = divmod(deciseconds, 10)
    moment = datetime.fromtimestamp(seconds, UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{tenths}Z"


def expand_intervals(intervals: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    """The ascending, distinct ids of inclusive intervals (merged first, so overlaps cost nothing)."""
    ids: list[int] = []
    last = 0
    for start, end in sorted(intervals):
        first = max(start, last + 1)
        ids.extend(range(first, end + 1))
        last = max(last, end)
    return tuple(ids)


class BitReader:
    """Reads fields in order from a bit string; errors name the string (`where`) and the field."""

    __slots__ = ("_bits", "_pos", "where")

    def __init__(self, bits: str, where: str) -> None:
        self._bits = bits
        self._pos = 0
        self.where = where

    @classmethod
    def from_base64url(cls, text: str, where: str) -> BitReader:
        """A reader of a base64url text's bits."""
        return cls(base64url_bits(text, where), where)

    @property
    def remaining(self) -> int:
        """How many bits are left (including any padding)."""
        return len(self._bits) - self._pos

    def fail(self, reason: str) -> SignalError:
        """A SignalError about this string."""
        return SignalError(f"{self.where}: {reason}")

    def read_bits(self, width: int, field: str) -> str:
        """The next `width` bits as "0"/"1" text."""
        end = self._pos + width
        if end > len(self._bits):
            raise self.fail(f"truncated in {field}")
        chunk = self._bits[self._pos : end]
        self._pos = end
        return chunk

    def read_int(self, width: int, field: str) -> int:
        """An unsigned integer of `width` bits, most significant first."""
        return int(self.read_bits(width, field), 2) if width else 0

    def read_bool(self, field: str) -> bool:
        """One bit."""
        return self.read_bits(1, field) == "1"

    def read_bitfield(self, width: int, field: str) -> tuple[int, ...]:
        """The 1-based positions of the set bits of a `width`-bit field, ascending."""
        bits = self.read_bits(width, field)
        return tuple(index for index, bit in enumerate(bits, start=1) if bit == "1")

    def read_letters(self, count: int, field: str) -> str:
        """`count` upper-case letters of 6 bits each (A=0 ... Z=25)."""
        letters = []
        for _ in range(count):
            value = self.read_int(LETTER_BITS, field)
            if value > ord("Z") - ord("A"):
                raise self.fail(f"{field} holds {value}, not a letter")
            letters.append(chr(ord("A") + value))
        return "".join(letters)

    def read_deciseconds(self, field: str) -> str:
        """A 36-bit deciseconds timestamp as ISO 8601 UTC (see deciseconds_to_iso)."""
        return deciseconds_to_iso(self.read_int(DECISECONDS_BITS, field))

    def read_ranges(self, field: str) -> tuple[int, ...]:
        """TCF range entries: NumEntries (12 bits), each IsARange (1), StartOrOnlyId (16), [EndId (16)]."""
        intervals = []
        for _ in range(self.read_int(NUM_ENTRIES_BITS, field)):
            is_range = self.read_bool(field)
            start = self.read_int(RANGE_ID_BITS, field)
            end = self.read_int(RANGE_ID_BITS, field) if is_range else start
            if start < 1 or end < start:
                raise self.fail(f"{field} has an invalid range {start}-{end}")
            intervals.append((start, end))
        return expand_intervals(intervals)

    def read_fibonacci(self, field: str) -> int:
        """A Fibonacci-coded integer (weights 1, 2, 3, 5, ...; the code word ends with "11")."""
        value, weight, next_weight, previous = 0, 1, 2, False
        for _ in range(FIBONACCI_MAX_BITS):
            bit = self.read_bool(field)
            if bit and previous:
                return value
            if bit:
                value += weight
            weight, next_weight = next_weight, weight + next_weight
            previous = bit
        raise self.fail(f"{field} has a Fibonacci code longer than {FIBONACCI_MAX_BITS} bits")

    def read_fibonacci_range(self, field: str) -> tuple[int, ...]:
        """GPP Fibonacci range: count (12 bits), each IsARange (1) then Fibonacci deltas from the last id."""
        intervals, offset = [], 0
        for _ in range(self.read_int(NUM_ENTRIES_BITS, field)):
            is_range = self.read_bool(field)
            start = offset + self.read_fibonacci(field)
            end = start + self.read_fibonacci(field) if is_range else start
            if end > MAX_ID:
                raise self.fail(f"{field} has an id above {MAX_ID}")
            intervals.append((start, end))
            offset = end
        return expand_intervals(intervals)
