"""Random inputs for the differential and thread tests: structurally safe
values (which the binding must accept and encode exactly as the reference
does) and values with one forbidden character."""

import random
import string
from typing import List, Tuple, Union

# Code point ranges the safe text is drawn from: letters of several scripts,
# combining marks, format characters (zero-width, BOM), line/paragraph
# separators and emoji. None of them is a control character (category Cc).
SAFE_RANGES: List[Tuple[int, int]] = [
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x300, 0x36F),
    (0x370, 0x3FF),
    (0x400, 0x4FF),
    (0x590, 0x5FF),
    (0x600, 0x6FF),
    (0x900, 0x97F),
    (0x200B, 0x200F),
    (0x2028, 0x2029),
    (0x3040, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xFEFF, 0xFEFF),
    (0xFFFD, 0xFFFD),
    (0x10000, 0x1007F),
    (0x1F300, 0x1FAFF),
]
STRUCTURAL = ";|"
CONTROL = [chr(c) for c in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0))]
ENTRY_ID_CHARS = string.ascii_letters + string.digits + "_-"
# Characters an entry id must not hold: separators, wildcard, anything
# outside ASCII letters, digits, '_' and '-'.
ENTRY_ID_FORBIDDEN = list(";|,:*/. +=%&?#") + ["é", "ß", "٣", "\u200b", "😀"] + CONTROL[:3]


def safe_char(rng: random.Random) -> str:
    if rng.random() < 0.5:
        ch = chr(rng.randint(0x20, 0x7E))
    else:
        lo, hi = rng.choice(SAFE_RANGES)
        ch = chr(rng.randint(lo, hi))
    return "x" if ch in STRUCTURAL else ch


def safe_text(rng: random.Random, max_chars: int = 40) -> str:
    return "".join(safe_char(rng) for _ in range(rng.randint(0, max_chars)))


def entry_id(rng: random.Random) -> str:
    return "".join(rng.choice(ENTRY_ID_CHARS) for _ in range(rng.randint(1, 24)))


def privileges(rng: random.Random) -> str:
    """A privileges string: ',' and ':' are structure here, so they may appear."""
    items = []
    for _ in range(rng.randint(0, 5)):
        name = "".join(safe_char(rng) for _ in range(rng.randint(0, 10))).replace(",", "").replace(":", "")
        value = safe_text(rng, 12).replace(",", "/")
        items.append(name if rng.random() < 0.3 else f"{name}:{value}")
    return ",".join(items)


def secret(rng: random.Random) -> Union[str, bytes]:
    if rng.random() < 0.5:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 64)))
    return safe_text(rng, 40) or "s"


def now(rng: random.Random) -> int:
    return rng.choice([0, 1, rng.randint(0, 2**31), rng.randint(0, 2**40), 1_700_000_000])


def cache(rng: random.Random) -> int:
    return rng.choice([1, 60, 600, 3600, rng.randint(1, 10**6)])


def expiry(rng: random.Random) -> int:
    return rng.choice([1, 600, 86400, rng.randint(1, 10**9)])


def partner_id(rng: random.Random) -> int:
    return rng.choice([0, 3000582, rng.randint(-(2**63), 2**63 - 1), rng.randint(0, 10**9)])


def session_type(rng: random.Random) -> int:
    return rng.choice([0, 2, 1, rng.randint(-5, 100)])


def with_forbidden(rng: random.Random, field: str, value: str) -> str:
    """``value`` with one character the binding must refuse in ``field``."""
    if field == "entry_id":
        bad = rng.choice(ENTRY_ID_FORBIDDEN)
    else:
        bad = rng.choice(list(STRUCTURAL) + CONTROL)
    at = rng.randint(0, len(value))
    return value[:at] + bad + value[at:]
