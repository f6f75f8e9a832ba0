"""The public functions: signatures with defaults and keyword-only ``now``,
over the native functions, which take every argument positionally (keyword
arguments cost a dict per call with the abi3 ABI)."""

from typing import Iterable, Literal, Optional, Union

from . import _ksession
from ._ksession import AdminSecret, Ks, Privileges

# Type aliases of the arguments.
Secret = Union[str, bytes, AdminSecret]
Token = Union[str, bytes]

_cached_entry_viewing_session = _ksession.cached_entry_viewing_session
_cached_session = _ksession.cached_session
_session = _ksession.session
_verify_at = _ksession.verify_at
_cached_entry_viewing_session_v2 = _ksession.cached_entry_viewing_session_v2
_cached_session_v2 = _ksession.cached_session_v2
_session_v2 = _ksession.session_v2


def generate_cached_entry_viewing_session(
    admin_secret: Secret,
    user_id: str,
    entry_id: str,
    partner_id: int,
    expiry: int = 86400,
    cache: int = 60,
    custom: str = "",
    *,
    now: Optional[int] = None,
    url_safe: bool = False,
) -> str:
    """Mint the cached entry-viewing KS v1 of the platform's PHP helper
    (``generateCachedEntryViewingSession``), byte for byte.

    Type USER, privileges ``sview:ENTRY_ID,setrole:PLAYBACK_BASE_ROLE,widget:1``.
    Every call within one ``cache`` window (seconds) returns the same token,
    valid until the window's end plus ``expiry`` seconds. ``custom`` becomes
    the token's additional data. ``now`` is unix seconds; ``None`` reads the
    system clock. ``url_safe`` writes ``-`` and ``_`` instead of ``+`` and ``/``.

    Raises :class:`InvalidField` (``.field`` names the argument) for a value
    that would change the token's structure (``;`` ``|`` or a control
    character anywhere, anything but letters, digits, ``_`` and ``-`` in the
    entry id) or is out of range.
    """
    return _cached_entry_viewing_session(
        admin_secret, user_id, entry_id, partner_id, expiry, cache, custom, now, url_safe
    )


def generate_cached_session(
    admin_secret: Secret,
    user_id: str,
    type: int,
    partner_id: int,
    expiry: int = 86400,
    privileges: Union[str, Privileges] = "",
    cache: int = 60,
    custom: str = "",
    *,
    now: Optional[int] = None,
    url_safe: bool = False,
) -> str:
    """Mint a generic cached KS v1 of the platform's PHP helper
    (``generateCachedSession``), byte for byte.

    ``type`` is a :class:`SessionType` or an int; ``privileges`` a string
    such as ``"sview:0_x,widget:1"`` or a :class:`Privileges`. The cache
    window, ``now`` and ``url_safe`` work as in
    :func:`generate_cached_entry_viewing_session`.
    """
    return _cached_session(admin_secret, user_id, type, partner_id, expiry, privileges, cache, custom, now, url_safe)


def generate_session(
    admin_secret: Secret,
    partner_id: int,
    type: int = 0,
    user_id: str = "",
    privileges: Union[str, Privileges] = "",
    expiry: int = 86400,
    *,
    master_partner_id: Optional[int] = None,
    additional_data: str = "",
    layout: Literal["server", "client"] = "server",
    now: Optional[int] = None,
    rand: Optional[int] = None,
    url_safe: bool = False,
) -> str:
    """Mint a plain KS v1, valid for ``expiry`` seconds from ``now``.

    ``layout="server"`` (the default) writes the server's 9 fields;
    ``layout="client"`` the official client libraries' 7, which have no
    ``master_partner_id`` nor ``additional_data``. ``rand`` (0 to 2**32 - 1)
    fixes the random field, for exact tests; ``None`` draws it from the
    operating system.
    """
    return _session(
        admin_secret, partner_id, type, user_id, privileges, expiry,
        master_partner_id, additional_data, layout, now, rand, url_safe,
    )


def generate_cached_entry_viewing_session_v2(
    admin_secret: Secret,
    user_id: str,
    entry_id: str,
    partner_id: int,
    expiry: int = 86400,
    cache: int = 60,
    custom: str = "",
    *,
    now: Optional[int] = None,
) -> str:
    """Mint a cached entry-viewing KS v2 (encrypted; always the URL-safe
    alphabet). Like :func:`generate_cached_entry_viewing_session`, every call
    within one cache window returns the same token; ``custom`` is written as
    the ``_d`` field."""
    return _cached_entry_viewing_session_v2(admin_secret, user_id, entry_id, partner_id, expiry, cache, custom, now)


def generate_cached_session_v2(
    admin_secret: Secret,
    user_id: str,
    type: int,
    partner_id: int,
    expiry: int = 86400,
    privileges: Union[str, Privileges] = "",
    cache: int = 60,
    custom: str = "",
    *,
    now: Optional[int] = None,
) -> str:
    """Mint a cached KS v2: :func:`generate_cached_session`, encrypted.
    Privilege names ``_e _t _u _m _d`` are reserved for v2's own fields."""
    return _cached_session_v2(admin_secret, user_id, type, partner_id, expiry, privileges, cache, custom, now)


def generate_session_v2(
    admin_secret: Secret,
    partner_id: int,
    type: int = 0,
    user_id: str = "",
    privileges: Union[str, Privileges] = "",
    expiry: int = 86400,
    *,
    master_partner_id: Optional[int] = None,
    additional_data: str = "",
    now: Optional[int] = None,
    random: Optional[bytes] = None,
) -> str:
    """Mint a plain KS v2, valid for ``expiry`` seconds from ``now``.
    ``random`` (16 bytes) fixes the random prefix, for exact tests; ``None``
    draws it from the operating system."""
    return _session_v2(
        admin_secret, partner_id, type, user_id, privileges, expiry, master_partner_id, additional_data, now, random
    )


def verify(
    ks: Token,
    admin_secrets: Union[Secret, Iterable[Secret]],
    *,
    now: Optional[int] = None,
    leeway: int = 0,
) -> Ks:
    """Verify a KS (v1 or v2) against one admin secret or several (key rotation) at
    ``now`` (``None``: the system clock), allowing ``leeway`` seconds past its
    expiry, and return it decoded.

    Raises :class:`MalformedToken`, :class:`InvalidSignature` or
    :class:`Expired`.
    """
    return _verify_at(ks, admin_secrets, now, leeway)
