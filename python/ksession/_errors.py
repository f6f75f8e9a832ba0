"""The exceptions ksession raises.

Every one is a ``ValueError`` and carries ``code``, the stable code shared by
the Rust, C, PHP and command-line interfaces. Messages name the field and the
reason and never contain a secret.
"""

from typing import Any, ClassVar, Tuple


class KsError(ValueError):
    """Base class of every error raised by ksession."""

    #: The stable numeric code of the error kind (1 to 7).
    code: ClassVar[int]
    #: The stable snake_case name of the error kind, as in the shared test vectors.
    kind: ClassVar[str]

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), self._init_args())

    def _init_args(self) -> Tuple[Any, ...]:
        return (str(self),)


class InvalidField(KsError):
    """An input would change the token's structure, or is out of range.

    ``field`` names the input, as in the function's signature (``"entry_id"``).
    """

    code = 1
    kind = "invalid_field"

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field: str = field

    def _init_args(self) -> Tuple[Any, ...]:
        return (str(self), self.field)


class MalformedToken(KsError):
    """The token is not a well-formed KS v1."""

    code = 2
    kind = "malformed_token"


class InvalidSignature(KsError):
    """The token's signature matches none of the admin secrets."""

    code = 3
    kind = "invalid_signature"


class Expired(KsError):
    """The token's ``valid_until`` is not after ``now`` (plus the leeway)."""

    code = 4
    kind = "expired"

    def __init__(self, message: str, valid_until: int, now: int) -> None:
        super().__init__(message)
        self.valid_until: int = valid_until
        self.now: int = now

    def _init_args(self) -> Tuple[Any, ...]:
        return (str(self), self.valid_until, self.now)


class TokenTooLarge(MalformedToken):
    """The token is longer than ``MAX_TOKEN_LEN`` bytes; refused before decoding."""

    code = 5
    kind = "token_too_large"

    def __init__(self, message: str, length: int) -> None:
        super().__init__(message)
        self.length: int = length

    def _init_args(self) -> Tuple[Any, ...]:
        return (str(self), self.length)


class SecretRequired(KsError):
    """The token is a KS v2, which is encrypted: reading it needs the admin
    secret (``decode(ks, admin_secrets)`` or ``verify``)."""

    code = 6
    kind = "secret_required"


class RandomUnavailable(KsError):
    """The operating system's random generator failed (a KS v2 needs 16 random bytes)."""

    code = 7
    kind = "random_unavailable"


for _cls in (
    KsError, InvalidField, MalformedToken, InvalidSignature, Expired, TokenTooLarge, SecretRequired, RandomUnavailable
):
    _cls.__module__ = "ksession"
del _cls
