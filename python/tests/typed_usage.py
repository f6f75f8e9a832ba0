"""Typical typed use of ksession: checked with ``mypy --strict`` against the
package's stub and run as a script by the tests."""

from typing import List, Optional, Tuple, Union

import ksession
from ksession import Ks, KsError, Privileges, SessionType

SECRET = "0123456789abcdef0123456789abcdef"


def mint(entry_id: str, now: Optional[int] = None) -> str:
    return ksession.generate_cached_entry_viewing_session(
        SECRET, "Viewer", entry_id, 3000582, expiry=18000, cache=600, now=now
    )


def admin_token(privileges: Privileges, now: int) -> str:
    token: str = ksession.generate_cached_session(
        SECRET.encode(), "admin@example.com", SessionType.ADMIN, 3000582, 600, privileges, now=now, url_safe=True
    )
    return token


def plain_token(now: int) -> str:
    return ksession.generate_session(
        SECRET, 3000582, SessionType.USER, "Viewer", "sview:0_x", 600,
        master_partner_id=None, additional_data="", layout="client", now=now, rand=42,
    )


def v2_round_trip(now: int) -> Ks:
    secret = ksession.AdminSecret(SECRET)
    token = ksession.generate_session_v2(secret, 3000582, SessionType.USER, "Viewer", now=now, random=bytes(16))
    cached = ksession.generate_cached_entry_viewing_session_v2(secret, "Viewer", "0_x", 3000582, now=now)
    assert ksession.decode(cached, [secret]).version == 2
    try:
        ksession.decode(token)
    except ksession.SecretRequired as err:
        assert err.code == 6
    return ksession.decode(token, secret)


def describe(ks: Ks) -> Tuple[int, Union[SessionType, int], List[Tuple[str, Optional[str]]]]:
    expired: bool = ks.is_expired(now=ks.valid_until)
    assert expired
    master: Optional[int] = ks.master_partner_id
    assert master is None or master > 0
    return ks.valid_until, ks.type, ks.privilege_items


def check(token: Union[str, bytes], now: int) -> Optional[Ks]:
    try:
        return ksession.verify(token, [SECRET, b"previous secret"], now=now, leeway=30)
    except ksession.Expired as err:
        print("expired", err.valid_until, err.now, err.code)
    except ksession.InvalidField as err:
        print("refused", err.field, err.code)
    except KsError as err:
        print(type(err).__name__, err.code, err.kind, err)
    return None


def main() -> None:
    now = 1621594000
    token = mint("0_fld1ro3s", now=now)
    ks = check(token, now)
    assert ks is not None
    print(describe(ks), repr(ks), ks.type_name, v2_round_trip(now).version)
    privileges = Privileges().add("edit", "0_x").add("list")
    print(admin_token(privileges, now), plain_token(now), ksession.decode(token.encode()).user_id)
    print(ksession.parse_privileges(str(Privileges.entry_viewing("0_x"))), len(privileges))
    window_end: int = ksession.cache_window_end(now, 600)
    version: str = ksession.__version__
    limits: Tuple[int, int, int, int, str] = (
        ksession.DEFAULT_EXPIRY, ksession.DEFAULT_CACHE, ksession.MAX_TOKEN_LEN, ksession.MAX_FIELD_LEN,
        ksession.PLAYBACK_BASE_ROLE,
    )
    print(window_end, version, limits, check(token, now + 10**6))
    try:
        mint("0_x,*")
    except ksession.InvalidField as err:
        print(err.field)


if __name__ == "__main__":
    main()
