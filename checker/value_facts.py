"""Pure facts about a cookie or storage value: character classes, entropy, shape, identifier-like."""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from urllib.parse import unquote

from checker.models import ValueFacts, ValueShape

# --- Thresholds -------------------------------------------------------------------------------------------
#
# `identifier_like` says a value is long and random enough to single out one browser. It is decided by
# shape first (so prose, JSON, consent strings, words and timestamps never qualify on entropy alone:
# '{"necessary":true,"analytics":false}' has 140 bits of character entropy and identifies no one), then by
# these numbers:

# Hex and base64 shapes start at 16 characters (64 bits of a hex id, 96 of base64): shorter runs of those
# alphabets are mostly words, version strings and short codes ("deadbeef", "en-GB", "C0001").
ENCODED_MIN_LENGTH = 16

# A hex, base64 or UUID value (or such a run inside a longer value) must be at least this long to
# identify: 16 characters hold 64 random bits in hex, enough to tell apart every browser there is.
ID_MIN_LENGTH = 16

# ... and carry at least this many bits of character entropy. 2**40 (about 10**12) is far above the
# 2**33 people online, so a value this rich can single one out. The estimate counts characters only, so it
# undercounts short random values: a random 16-hex-digit id (64 real bits) estimates at about 51 bits and
# 99.9 % of them at 39 or more; it rules out repetitive values ("0000000000000000", the nil UUID).
ID_MIN_ENTROPY_BITS = 40.0

# A digits-only value identifies only from 20 digits on: Unix timestamps in s, ms, us and ns have 10, 13,
# 16 and 19 digits, so shorter numbers may be dates, counters or consent timestamps, never an id alone.
NUMERIC_ID_MIN_LENGTH = 20

# Words and numbers are not random. Of a hex- or base64-shaped value, only what lies outside pronounceable
# words, outside fragments between separators (+ / = - _) that are short or all digits (a year, a timestamp,
# a counter), counts, and it must hold this many bits: "experiment_homepage_variantB",
# "Version2ConsentGiven", "user123session456", "analytics+no+1+de" and "necessary+2024+1700000000" keep 0 to
# 16 bits, a random value nearly all of its own. A word is a lower-case run or CamelCase hump of at least
# WORD_MIN_LETTERS letters with a vowel and no four consonants in a row (so words run together without case
# or separator, "lightnecessary", are missed); a short fragment has fewer than FRAGMENT_MIN_LENGTH characters.
# Cost, measured on 20 000 random values per kind: this misses 0.5 % of 16-character hex ids (0.03 % at 20),
# 4 % of 16-character base64 ids (0.7 % at 20, 0.3 % at 22) and 12 % of 16-character lower-case base36 ids
# (4 % at 20, 0.1 % at 32): identifiers that short are rare, consent values that look random are not.
ID_MIN_BITS_OUTSIDE_WORDS = 20.0
WORD_MIN_LETTERS = 4
FRAGMENT_MIN_LENGTH = 4
# Base64 that decodes to printable UTF-8 text is encoded text (a JWT header, a CMP's JSON state), judged
# by what it encodes, at most this many layers deep. Random bytes almost never decode to printable text.
MAX_DECODE_DEPTH = 2

# --- Patterns (ASCII only: str classes such as \d would take other scripts' digits) -----------------------

_HEX = "[0-9a-fA-F]"
_UUID = f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
# The shape "uuid" is the whole value, optionally in braces ({...}, as Microsoft writes them). A UUID inside
# a longer value (a consent string's consentId, JSON) leaves the shape alone but makes it identifier-like.
_UUID_WHOLE = re.compile(f"{_UUID}|\\{{{_UUID}\\}}")
_UUID_INSIDE = re.compile(f"(?<![0-9a-zA-Z]){_UUID}(?![0-9a-zA-Z])")
_DIGITS = re.compile("[0-9]+")
_HEX_WHOLE = re.compile(f"{_HEX}+")
_BASE64_WHOLE = re.compile("[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
_TOKEN = re.compile("[A-Za-z0-9._-]+")
# Runs searched inside token and text values: the base64url alphabet (so UUIDs and url-safe ids stay whole).
_RUN = re.compile("[A-Za-z0-9_-]+")

# Identifiers with a known structure, whose parts are too short for the entropy test:
# - Google Analytics _ga / _gid and Google Ads _gcl_au: "GA1.2.<random>.<first visit, s>" and
#   "1.1.<random>.<s>": the client id is a 31-bit random number (usually 9-10 digits) and a timestamp.
# - Meta _fbp "fb.1.<ms>.<random>" and _fbc "fb.1.<ms>.<fbclid>": browser id or click id after a timestamp.
_STRUCTURED = (
    "(?:GA1|1)\\.[0-9]\\.[0-9]{6,10}\\.[0-9]{9,10}|fb\\.[0-9]\\.[0-9]{13}\\.(?:[0-9]{6,}|[A-Za-z0-9_-]{16,})"
)
_STRUCTURED_WHOLE = re.compile(_STRUCTURED)
_STRUCTURED_INSIDE = re.compile(f"(?<![A-Za-z0-9._-])(?:{_STRUCTURED})(?![A-Za-z0-9._-])")

_HUMP = re.compile("[A-Z]?[a-z]+|[A-Z]+(?![a-z])")  # a lower-case word, a CamelCase hump, an acronym
_FOUR_CONSONANTS = re.compile("[^aeiouy]{4}")
_SEPARATORS = re.compile("[+/=_-]+")


def value_facts(value: str) -> ValueFacts:
    """What can be said of a value without keeping it; never raises, for any str (lone surrogates too)."""
    lower = upper = digits = 0
    for char in value:
        if "a" <= char <= "z":
            lower += 1
        elif "A" <= char <= "Z":
            upper += 1
        elif "0" <= char <= "9":
            digits += 1
    bits = entropy_bits(value)
    shape = value_shape(value)
    return ValueFacts(
        length=len(value),
        lower=lower,
        upper=upper,
        digits=digits,
        other=len(value) - lower - upper - digits,
        entropy_bits=round(bits, 1),
        shape=shape,
        identifier_like=_identifier_like(value, shape, bits, 0),
    )


def entropy_bits(value: str) -> float:
    """Shannon entropy of the value's characters times its length (0.0 for "" and one repeated character)."""
    length = len(value)
    return math.fsum(count * math.log2(length / count) for count in Counter(value).values())


def value_shape(value: str) -> ValueShape:
    """The first shape that fits: empty, uuid, numeric, hex, base64, token, else text."""
    if not value:
        return "empty"
    if _UUID_WHOLE.fullmatch(value):
        return "uuid"
    if _DIGITS.fullmatch(value):
        return "numeric"
    if len(value) >= ENCODED_MIN_LENGTH:
        if _HEX_WHOLE.fullmatch(value):
            return "hex"
        if _BASE64_WHOLE.fullmatch(value) and _classes(value) >= 2:
            return "base64"
    if _TOKEN.fullmatch(value):
        return "token"
    return "text"


def _classes(value: str) -> int:
    """How many of lower-case letters, upper-case letters and digits the (ASCII) value holds."""
    return sum(
        any(low <= char <= high for char in value) for low, high in (("a", "z"), ("A", "Z"), ("0", "9"))
    )


def _identifier_like(value: str, shape: ValueShape, bits: float, depth: int) -> bool:
    if shape == "empty":
        return False
    if _STRUCTURED_WHOLE.fullmatch(value):
        return True
    if shape == "base64" and depth < MAX_DECODE_DEPTH:
        text = _decoded_text(value)
        if text is not None:
            return _identifier_like(text, value_shape(text), entropy_bits(text), depth + 1)
    if shape in ("uuid", "numeric", "hex", "base64"):
        return _random_enough(value, shape, bits)
    return _holds_identifier(value, depth)


def _random_enough(value: str, shape: ValueShape, bits: float) -> bool:
    """The numeric test for a value of an id-like shape (uuid, numeric, hex, base64)."""
    if bits < ID_MIN_ENTROPY_BITS:
        return False
    if shape == "uuid":
        return True
    if shape == "numeric":
        return len(value) >= NUMERIC_ID_MIN_LENGTH
    return len(value) >= ID_MIN_LENGTH and entropy_bits(_outside_words(value)) >= ID_MIN_BITS_OUTSIDE_WORDS


def _holds_identifier(value: str, depth: int) -> bool:
    """A token or text value identifies when it holds a UUID, a structured id or a random-enough run."""
    text = unquote(value)  # percent-encoding would glue "%22" to an id inside JSON
    if any(entropy_bits(m.group()) >= ID_MIN_ENTROPY_BITS for m in _UUID_INSIDE.finditer(text)):
        return True
    if _STRUCTURED_INSIDE.search(text):
        return True
    for match in _RUN.finditer(text):
        run = match.group()
        if len(run) < ID_MIN_LENGTH:
            continue
        shape = value_shape(run)
        if shape in ("uuid", "numeric", "hex", "base64") and _identifier_like(
            run, shape, entropy_bits(run), depth
        ):
            return True
    return False


def _outside_words(value: str) -> str:
    """The value without its words, numbers and short fragments (see ID_MIN_BITS_OUTSIDE_WORDS)."""
    kept: list[str] = []
    for fragment in _SEPARATORS.split(value):
        if len(fragment) < FRAGMENT_MIN_LENGTH or _DIGITS.fullmatch(fragment):
            continue
        start = 0
        for match in _HUMP.finditer(fragment):
            if _pronounceable(match.group().lower()):
                kept.append(fragment[start : match.start()])
                start = match.end()
        kept.append(fragment[start:])
    return "".join(kept)


def _pronounceable(letters: str) -> bool:
    return (
        len(letters) >= WORD_MIN_LETTERS
        and any(vowel in letters for vowel in "aeiouy")
        and not _FOUR_CONSONANTS.search(letters)
    )


def _decoded_text(value: str) -> str | None:
    """The printable UTF-8 text a base64 or base64url value encodes, or None when it encodes bytes."""
    data = value.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(data + "=" * (-len(data) % 4), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if text and all(char.isprintable() or char in "\t\n\r" for char in text):
        return text
    return None
