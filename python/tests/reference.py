"""A pure-Python KS v1 implementation written from the format description
(ks-format.md, sections 1 and 3) with nothing but ``hashlib`` and
``base64``. It is independent of the binding: the tests compare the two, and
the benchmark times them side by side.

It does no input checking beyond what the format needs, like the platform's
PHP helper; ``first_forbidden`` says separately which characters the binding
must refuse.
"""

import base64
import hashlib
import unicodedata
from typing import Dict, List, Optional, Tuple, Union

PLAYBACK_BASE_ROLE = "PLAYBACK_BASE_ROLE"
MAX_FIELD_LEN = 2048

Secret = Union[str, bytes]


def _secret_bytes(secret: Secret) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def sign(secret: Secret, info: str, url_safe: bool = False) -> str:
    """base64 of ``sha1_hex(SECRET + INFO) | INFO``."""
    info_bytes = info.encode("utf-8")
    signature = hashlib.sha1(_secret_bytes(secret) + info_bytes).hexdigest().encode("ascii")
    raw = signature + b"|" + info_bytes
    encoded = base64.urlsafe_b64encode(raw) if url_safe else base64.b64encode(raw)
    return encoded.decode("ascii")


def cache_window_end(now: int, cache: int) -> int:
    """The helper's ``now + (cache - now % cache)``."""
    return now + (cache - now % cache)


def cached_session_info(
    user_id: str, type: int, partner_id: int, expiry: int, privileges: str, cache: int, custom: str, now: int
) -> str:
    rounded = cache_window_end(now, cache)
    valid_until = rounded + expiry
    return f"{partner_id};{partner_id};{valid_until};{type};{rounded};{user_id};{privileges};;{custom}"


def entry_viewing_privileges(entry_id: str) -> str:
    return f"sview:{entry_id},setrole:{PLAYBACK_BASE_ROLE},widget:1"


def generate_cached_entry_viewing_session(
    admin_secret: Secret,
    user_id: str,
    entry_id: str,
    partner_id: int,
    expiry: int = 86400,
    cache: int = 60,
    custom: str = "",
    *,
    now: int,
    url_safe: bool = False,
) -> str:
    info = cached_session_info(
        user_id, 0, partner_id, expiry, entry_viewing_privileges(entry_id), cache, custom, now
    )
    return sign(admin_secret, info, url_safe)


def generate_cached_session(
    admin_secret: Secret,
    user_id: str,
    type: int,
    partner_id: int,
    expiry: int = 86400,
    privileges: str = "",
    cache: int = 60,
    custom: str = "",
    *,
    now: int,
    url_safe: bool = False,
) -> str:
    info = cached_session_info(user_id, type, partner_id, expiry, privileges, cache, custom, now)
    return sign(admin_secret, info, url_safe)


def generate_session(
    admin_secret: Secret,
    partner_id: int,
    type: int = 0,
    user_id: str = "",
    privileges: str = "",
    expiry: int = 86400,
    *,
    master_partner_id: Optional[int] = None,
    additional_data: str = "",
    layout: str = "server",
    now: int,
    rand: int,
    url_safe: bool = False,
) -> str:
    info = f"{partner_id};{partner_id};{now + expiry};{type};{rand};{user_id};{privileges}"
    if layout == "server":
        master = "" if master_partner_id is None else str(master_partner_id)
        info += f";{master};{additional_data}"
    return sign(admin_secret, info, url_safe)


FIELD_NAMES = (
    "partner_id",
    "partner_pattern",
    "valid_until",
    "type",
    "rand",
    "user_id",
    "privileges",
    "master_partner_id",
    "additional_data",
)


def decode(token: str) -> Tuple[str, Dict[str, Union[str, int, None]]]:
    """Section 3: map ``-_`` to ``+/``, base64-decode (padding optional),
    split at the first ``|``, split the rest on ``;``. Returns the signature
    and the fields; absent fields read as empty (type as 0)."""
    standard = token.replace("-", "+").replace("_", "/")
    raw = base64.b64decode(standard + "=" * (-len(standard) % 4)).decode("utf-8")
    signature, info = raw.split("|", 1)
    parts: List[str] = info.split(";")
    padded = parts + [""] * (9 - len(parts))
    fields: Dict[str, Union[str, int, None]] = dict(zip(FIELD_NAMES, padded))
    fields["partner_id"] = int(padded[0])
    fields["valid_until"] = int(padded[2])
    fields["type"] = int(padded[3]) if len(parts) > 3 else 0
    fields["master_partner_id"] = int(padded[7]) if padded[7] else None
    fields["field_count"] = len(parts)
    return signature, fields


def verify_signature(token: str, secret: Secret) -> bool:
    """Whether the token's signature is the lowercase hex SHA-1 of SECRET + INFO."""
    standard = token.replace("-", "+").replace("_", "/")
    raw = base64.b64decode(standard + "=" * (-len(standard) % 4))
    signature, info = raw.split(b"|", 1)
    return signature == hashlib.sha1(_secret_bytes(secret) + info).hexdigest().encode("ascii")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


def first_forbidden(field: str, value: str) -> Optional[Tuple[str, int]]:
    """The first character the binding must refuse in ``value`` and its byte
    offset (section 1.2): ``;`` ``|`` and control characters in any field;
    an entry id allows only ASCII letters, digits, ``_`` and ``-``."""
    for index, ch in enumerate(value):
        if field == "entry_id":
            bad = not (ch.isascii() and (ch.isalnum() or ch in "_-"))
        else:
            bad = ch in ";|" or _is_control(ch)
        if bad:
            return ch, len(value[:index].encode("utf-8"))
    return None


def forbidden_message(field: str, ch: str, at: int) -> str:
    """The refusal message the binding shows (the core's wording)."""
    if _is_control(ch):
        return f"{field} contains control character U+{ord(ch):04X} at byte {at}"
    return f"{field} contains '{ch}' at byte {at}"


def info(token: str) -> str:
    """INFO of a token: the decoded text after the first ``|``."""
    standard = token.replace("-", "+").replace("_", "/")
    raw = base64.b64decode(standard + "=" * (-len(standard) % 4)).decode("utf-8")
    return raw.split("|", 1)[1]
