"""Types of the native module; import everything from ``ksession`` itself."""

from typing import Iterable, List, NoReturn, Optional, Tuple, Union, final

from ._types import SessionType

__all__ = [
    "DEFAULT_CACHE",
    "DEFAULT_EXPIRY",
    "MAX_FIELD_LEN",
    "MAX_TOKEN_LEN",
    "PLAYBACK_BASE_ROLE",
    "AdminSecret",
    "Ks",
    "Privileges",
    "__version__",
    "cache_window_end",
    "decode",
    "cached_entry_viewing_session",
    "cached_entry_viewing_session_v2",
    "cached_session",
    "cached_session_v2",
    "parse_privileges",
    "session",
    "session_v2",
    "verify_at",
]

__version__: str
DEFAULT_EXPIRY: int
DEFAULT_CACHE: int
MAX_TOKEN_LEN: int
MAX_FIELD_LEN: int
PLAYBACK_BASE_ROLE: str

_Secret = Union[str, bytes, AdminSecret]
_Token = Union[str, bytes]

# The generators and verify with every argument positional; the public
# functions in ksession._api give them defaults and keyword-only arguments.
def cached_entry_viewing_session(
    admin_secret: _Secret,
    user_id: str,
    entry_id: str,
    partner_id: int,
    expiry: int,
    cache: int,
    custom: str,
    now: Optional[int],
    url_safe: bool,
    /,
) -> str: ...
def cached_session(
    admin_secret: _Secret,
    user_id: str,
    type: int,
    partner_id: int,
    expiry: int,
    privileges: Union[str, Privileges],
    cache: int,
    custom: str,
    now: Optional[int],
    url_safe: bool,
    /,
) -> str: ...
def session(
    admin_secret: _Secret,
    partner_id: int,
    type: int,
    user_id: str,
    privileges: Union[str, Privileges],
    expiry: int,
    master_partner_id: Optional[int],
    additional_data: str,
    layout: str,
    now: Optional[int],
    rand: Optional[int],
    url_safe: bool,
    /,
) -> str: ...
def cached_entry_viewing_session_v2(
    admin_secret: _Secret,
    user_id: str,
    entry_id: str,
    partner_id: int,
    expiry: int,
    cache: int,
    custom: str,
    now: Optional[int],
    /,
) -> str: ...
def cached_session_v2(
    admin_secret: _Secret,
    user_id: str,
    type: int,
    partner_id: int,
    expiry: int,
    privileges: Union[str, Privileges],
    cache: int,
    custom: str,
    now: Optional[int],
    /,
) -> str: ...
def session_v2(
    admin_secret: _Secret,
    partner_id: int,
    type: int,
    user_id: str,
    privileges: Union[str, Privileges],
    expiry: int,
    master_partner_id: Optional[int],
    additional_data: str,
    now: Optional[int],
    random: Optional[bytes],
    /,
) -> str: ...
def verify_at(
    ks: _Token,
    admin_secrets: Union[_Secret, Iterable[_Secret]],
    now: Optional[int],
    leeway: int,
    /,
) -> Ks: ...
def cache_window_end(now: int, cache: int) -> int:
    """The end of the cache window holding ``now``."""

def decode(ks: _Token, admin_secrets: Union[_Secret, Iterable[_Secret], None] = None) -> Ks:
    """Read a KS without checking it; a v2 token needs its admin secret."""

def parse_privileges(privileges: str) -> List[Tuple[str, Optional[str]]]:
    """Split a privileges string into ``(name, value)`` pairs, as the server reads it."""

@final
class Ks:
    """A decoded KS (v1 or v2): every field, typed. Immutable."""

    @property
    def version(self) -> int: ...
    @property
    def partner_id(self) -> int: ...
    @property
    def partner_pattern(self) -> str: ...
    @property
    def valid_until(self) -> int: ...
    @property
    def type(self) -> Union[SessionType, int]: ...
    @property
    def type_name(self) -> str: ...
    @property
    def rand(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def privileges(self) -> str: ...
    @property
    def privilege_items(self) -> List[Tuple[str, Optional[str]]]: ...
    @property
    def master_partner_id(self) -> Optional[int]: ...
    @property
    def additional_data(self) -> str: ...
    @property
    def field_count(self) -> int: ...
    @property
    def is_widget_session(self) -> bool: ...
    @property
    def signature(self) -> str: ...
    @property
    def info(self) -> str: ...
    def is_expired(self, *, now: Optional[int] = None) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Privileges:
    """A privileges string built item by item, each item checked. Immutable."""

    def __new__(cls) -> Privileges: ...
    @staticmethod
    def entry_viewing(entry_id: str) -> Privileges: ...
    def add(self, name: str, value: Optional[str] = None) -> Privileges: ...
    def items(self) -> List[Tuple[str, Optional[str]]]: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class AdminSecret:
    """A partner's admin secret, converted once; wiped from memory when freed."""

    def __new__(cls, secret: Union[str, bytes, AdminSecret]) -> AdminSecret: ...
    def __reduce__(self) -> NoReturn: ...
    def __copy__(self) -> AdminSecret: ...
    def __deepcopy__(self, memo: object, /) -> AdminSecret: ...
