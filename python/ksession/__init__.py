"""Mint, decode and verify Kaltura Session (KS) tokens.

KS v1 tokens are byte-identical to the platform's PHP helper and the official
client libraries; KS v2 (encrypted) tokens are supported too. Every input that could change a token's structure (``;`` in a
user id, ``,`` in an entry id, ...) is refused with :class:`InvalidField`
naming the field.

>>> import ksession
>>> ksession.generate_cached_entry_viewing_session(
...     "0123456789abcdef0123456789abcdef", "Viewer", "0_fld1ro3s", 3000582,
...     expiry=18000, cache=600, now=1621594000)[:24]
'NDZlNTE5ZjExMWY4ZTc1YTVl'
"""

from ._api import (
    generate_cached_entry_viewing_session,
    generate_cached_entry_viewing_session_v2,
    generate_cached_session,
    generate_cached_session_v2,
    generate_session,
    generate_session_v2,
    verify,
)
from ._errors import (
    Expired,
    InvalidField,
    InvalidSignature,
    KsError,
    MalformedToken,
    RandomUnavailable,
    SecretRequired,
    TokenTooLarge,
)
from ._types import SessionType
from ._ksession import (
    DEFAULT_CACHE,
    DEFAULT_EXPIRY,
    MAX_FIELD_LEN,
    MAX_TOKEN_LEN,
    PLAYBACK_BASE_ROLE,
    AdminSecret,
    Ks,
    Privileges,
    __version__,
    cache_window_end,
    decode,
    parse_privileges,
)

__all__ = [
    "DEFAULT_CACHE",
    "DEFAULT_EXPIRY",
    "MAX_FIELD_LEN",
    "MAX_TOKEN_LEN",
    "PLAYBACK_BASE_ROLE",
    "AdminSecret",
    "Expired",
    "InvalidField",
    "InvalidSignature",
    "Ks",
    "KsError",
    "MalformedToken",
    "Privileges",
    "RandomUnavailable",
    "SecretRequired",
    "SessionType",
    "TokenTooLarge",
    "__version__",
    "cache_window_end",
    "decode",
    "generate_cached_entry_viewing_session",
    "generate_cached_entry_viewing_session_v2",
    "generate_cached_session",
    "generate_cached_session_v2",
    "generate_session",
    "generate_session_v2",
    "parse_privileges",
    "verify",
]
