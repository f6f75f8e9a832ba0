"""KS v2 (encrypted) through the binding, beyond the shared vectors: round
trips, the secret it needs, determinism of the cached form, refusals."""

import inspect
import random

import pytest

import ksession
import randominputs as ri

SECRET = "0123456789abcdef0123456789abcdef"
NOW = 1_700_000_000


def test_v2_signatures_follow_the_v1_ones():
    def names(fn):
        return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]

    dropped = {"url_safe", "layout", "rand"}
    for v1, v2 in [
        (ksession.generate_cached_entry_viewing_session, ksession.generate_cached_entry_viewing_session_v2),
        (ksession.generate_cached_session, ksession.generate_cached_session_v2),
    ]:
        assert names(v2) == [p for p in names(v1) if p[0] not in dropped]
    assert names(ksession.generate_session_v2) == [
        p for p in names(ksession.generate_session) if p[0] not in dropped
    ] + [("random", inspect.Parameter.KEYWORD_ONLY, None)]


def test_round_trip_needs_the_secret():
    rng = random.Random(2)
    for _ in range(300):
        secret, user_id, entry_id = ri.secret(rng), ri.safe_text(rng), ri.entry_id(rng)
        partner, now, custom = rng.randint(0, 2**40), ri.now(rng), ri.safe_text(rng)
        token = ksession.generate_cached_entry_viewing_session_v2(secret, user_id, entry_id, partner, 600, 60, custom, now=now)
        assert "+" not in token and "/" not in token
        with pytest.raises(ksession.SecretRequired) as info:
            ksession.decode(token)
        assert info.value.code == 6 and info.value.kind == "secret_required"
        ks = ksession.decode(token, [b"not it", secret])
        assert (ks.version, ks.partner_id, ks.user_id, ks.additional_data) == (2, partner, user_id, custom)
        assert ks.privilege_items == [("sview", entry_id), ("setrole", "PLAYBACK_BASE_ROLE"), ("widget", "1")]
        assert ks.valid_until == ksession.cache_window_end(now, 60) + 600
        assert ksession.verify(token, secret, now=ks.valid_until - 1) == ks
        with pytest.raises(ksession.InvalidSignature):
            ksession.decode(token, b"not it")


def test_cached_v2_is_the_same_within_a_window():
    window_end = ksession.cache_window_end(NOW, 600)
    tokens = {
        ksession.generate_cached_session_v2(SECRET, "admin", ksession.SessionType.ADMIN, 1, 600, "edit:*", 600, now=now)
        for now in range(window_end - 600, window_end)
    }
    assert len(tokens) == 1
    later = ksession.generate_cached_session_v2(SECRET, "admin", 2, 1, 600, "edit:*", 600, now=window_end)
    assert later not in tokens


def test_random_bytes():
    fixed = bytes(range(16))
    a = ksession.generate_session_v2(SECRET, 1, now=NOW, random=fixed)
    assert a == ksession.generate_session_v2(SECRET.encode(), 1, now=NOW, random=fixed)
    assert ksession.decode(a, SECRET).rand == fixed.hex()
    drawn = {ksession.generate_session_v2(SECRET, 1, now=NOW) for _ in range(4)}
    assert len(drawn) == 4


@pytest.mark.parametrize("random_bytes", [b"", b"x" * 15, b"x" * 17])
def test_random_must_be_16_bytes(random_bytes):
    with pytest.raises(ksession.InvalidField) as info:
        ksession.generate_session_v2(SECRET, 1, now=NOW, random=random_bytes)
    assert info.value.field == "random"
    assert str(info.value) == f"random must be 16 bytes, got {len(random_bytes)}"


def test_random_must_be_bytes():
    with pytest.raises(TypeError):
        ksession.generate_session_v2(SECRET, 1, now=NOW, random="0123456789abcdef")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["_e", "_t", "_u", "_m", "_d"])
def test_reserved_privilege_names(name):
    with pytest.raises(ksession.InvalidField) as info:
        ksession.generate_session_v2(SECRET, 1, privileges=f"edit,{name}:1", now=NOW)
    assert info.value.field == "privileges"


def test_v2_refuses_what_v1_refuses():
    for call, field in [
        (lambda: ksession.generate_cached_entry_viewing_session_v2(SECRET, "u", "0_x,*", 1, now=NOW), "entry_id"),
        (lambda: ksession.generate_cached_entry_viewing_session_v2(SECRET, "u", "0_x", 1, cache=0, now=NOW), "cache"),
        (lambda: ksession.generate_cached_session_v2(SECRET, "u\n", 0, 1, now=NOW), "user_id"),
        (lambda: ksession.generate_session_v2(SECRET, 2**63, now=NOW), "partner_id"),
        (lambda: ksession.generate_session_v2("", 1, now=NOW), "admin_secret"),
        (lambda: ksession.generate_session_v2(SECRET, 1, expiry=0, now=NOW), "expiry"),
    ]:
        with pytest.raises(ksession.InvalidField) as info:
            call()
        assert info.value.field == field
