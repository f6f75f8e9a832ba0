"""Every refused input raises its exact subclass, with the right ``.field``,
``.code`` and message; wrong Python types raise TypeError."""

import pytest

import ksession
import reference

SECRET = "0123456789abcdef0123456789abcdef"
I64_MAX = 2**63 - 1
I64_MIN = -(2**63)
NOW = 1_621_594_000


def entry(**kw):
    args = dict(admin_secret=SECRET, user_id="Viewer", entry_id="0_x", partner_id=3000582, now=NOW)
    args.update(kw)
    return ksession.generate_cached_entry_viewing_session(**args)


def cached(**kw):
    args = dict(admin_secret=SECRET, user_id="Viewer", type=0, partner_id=3000582, now=NOW)
    args.update(kw)
    return ksession.generate_cached_session(**args)


def plain(**kw):
    args = dict(admin_secret=SECRET, partner_id=3000582, now=NOW, rand=7)
    args.update(kw)
    return ksession.generate_session(**args)


GENERATORS = {"entry": entry, "cached": cached, "plain": plain}


def refused(call, **kw):
    with pytest.raises(ksession.InvalidField) as info:
        call(**kw)
    err = info.value
    assert type(err) is ksession.InvalidField
    assert err.code == 1 and err.kind == "invalid_field"
    return err


@pytest.mark.parametrize("gen", sorted(GENERATORS))
@pytest.mark.parametrize("field", ["partner_id", "expiry", "now"])
@pytest.mark.parametrize("value", [2**63, I64_MIN - 1, 2**200])
def test_int_out_of_i64_range_is_invalid_field(gen, field, value):
    err = refused(GENERATORS[gen], **{field: value})
    assert err.field == field
    assert str(err) == f"{field} is out of range: it must fit in a signed 64-bit integer"


@pytest.mark.parametrize("call, field", [(entry, "cache"), (cached, "cache"), (cached, "type"), (plain, "type"), (plain, "master_partner_id")])
def test_more_ints_out_of_range(call, field):
    assert refused(call, **{field: 2**64}).field == field


@pytest.mark.parametrize("gen", sorted(GENERATORS))
@pytest.mark.parametrize("expiry", [0, -1, I64_MIN])
def test_expiry_must_be_positive(gen, expiry):
    err = refused(GENERATORS[gen], expiry=expiry)
    assert err.field == "expiry"
    assert str(err) == f"expiry must be positive, got {expiry}"


@pytest.mark.parametrize("call", [entry, cached])
@pytest.mark.parametrize("cache", [0, -60])
def test_cache_must_be_positive(call, cache):
    # cache = 0 is a division by zero in the helper.
    err = refused(call, cache=cache)
    assert err.field == "cache"
    assert str(err) == f"cache must be positive, got {cache}"


@pytest.mark.parametrize("gen", sorted(GENERATORS))
def test_now_must_not_be_negative(gen):
    err = refused(GENERATORS[gen], now=-1)
    assert (err.field, str(err)) == ("now", "now must not be negative, got -1")


def test_times_that_overflow_are_refused():
    assert refused(entry, now=I64_MAX, cache=60).field == "cache"
    assert refused(entry, expiry=I64_MAX).field == "expiry"
    assert refused(cached, expiry=I64_MAX).field == "expiry"
    assert refused(plain, expiry=I64_MAX).field == "expiry"
    # The last representable valid_until is still accepted.
    token = plain(now=0, expiry=I64_MAX)
    assert ksession.decode(token).valid_until == I64_MAX


@pytest.mark.parametrize("rand", [-1, 2**32, 2**64])
def test_rand_must_fit_32_bits(rand):
    err = refused(plain, rand=rand)
    assert err.field == "rand"


def test_rand_bounds_are_accepted():
    for rand in (0, 2**32 - 1):
        assert plain(rand=rand) == reference.generate_session(SECRET, 3000582, now=NOW, rand=rand)


@pytest.mark.parametrize("leeway", [-1, 2**32, 2**70])
def test_leeway_must_fit_32_bits(leeway):
    token = entry()
    with pytest.raises(ksession.InvalidField) as info:
        ksession.verify(token, SECRET, now=NOW, leeway=leeway)
    assert info.value.field == "leeway"


def test_layout_is_server_or_client():
    err = refused(plain, layout="compact")
    assert err.field == "layout"
    assert str(err) == "layout must be 'server' or 'client', got \"compact\""


def test_client_layout_has_no_master_partner_or_additional_data():
    assert refused(plain, layout="client", master_partner_id=1).field == "master_partner_id"
    assert refused(plain, layout="client", additional_data="x").field == "additional_data"


@pytest.mark.parametrize("gen", sorted(GENERATORS))
@pytest.mark.parametrize("secret", ["", b""])
def test_empty_secret(gen, secret):
    err = refused(GENERATORS[gen], admin_secret=secret)
    assert (err.field, str(err)) == ("admin_secret", "admin_secret is empty")


@pytest.mark.parametrize("secrets", [[], (), ["ok", ""], iter([])])
def test_verify_needs_non_empty_secrets(secrets):
    with pytest.raises(ksession.InvalidField) as info:
        ksession.verify(entry(), secrets, now=NOW)
    assert info.value.field == "admin_secret"


@pytest.mark.parametrize(
    "call, field",
    [(entry, "user_id"), (entry, "entry_id"), (entry, "custom"), (cached, "user_id"), (cached, "privileges"),
     (cached, "custom"), (plain, "user_id"), (plain, "privileges"), (plain, "additional_data")],
)
def test_lone_surrogate_is_invalid_field(call, field):
    err = refused(call, **{field: "a\ud800b"})
    assert err.field == field
    assert str(err) == f"{field} is not valid Unicode: it holds a lone surrogate"


def test_entry_id_must_not_be_empty():
    err = refused(entry, entry_id="")
    assert (err.field, str(err)) == ("entry_id", "entry_id is empty")


@pytest.mark.parametrize(
    "kw",
    [
        {"partner_id": "3000582"},
        {"partner_id": 3000582.0},
        {"now": "1621594000"},
        {"expiry": None},
        {"user_id": None},
        {"user_id": b"Viewer"},
        {"entry_id": 5},
        {"admin_secret": 5},
        {"admin_secret": None},
        {"admin_secret": bytearray(b"secret")},
        {"url_safe": 1},
        {"url_safe": None},
    ],
)
def test_wrong_types_are_type_errors(kw):
    with pytest.raises(TypeError):
        entry(**kw)


def test_wrong_types_in_other_calls():
    with pytest.raises(TypeError):
        cached(privileges=["sview:0_x"])
    with pytest.raises(TypeError):
        plain(layout=None)
    with pytest.raises(TypeError):
        ksession.decode(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ksession.verify(entry(), 5, now=NOW)
    with pytest.raises(TypeError):
        ksession.verify(entry(), [SECRET, 5], now=NOW)


def test_now_is_keyword_only():
    with pytest.raises(TypeError):
        ksession.generate_cached_entry_viewing_session(SECRET, "u", "0_x", 1, 600, 60, "", NOW)
    with pytest.raises(TypeError):
        ksession.generate_cached_session(SECRET, "u", 0, 1, 600, "", 60, "", NOW)
    with pytest.raises(TypeError):
        ksession.verify(entry(), SECRET, NOW)


@pytest.mark.parametrize("token", ["", " ", "not base64!", "YWJj", "YWJjfGRlZg", "NDZlNTE5ZjExMWY4ZTc1YTVl+ZDVh"])
def test_malformed_tokens(token):
    for call in (lambda: ksession.decode(token), lambda: ksession.verify(token, SECRET, now=NOW)):
        with pytest.raises(ksession.MalformedToken) as info:
            call()
        assert type(info.value) is ksession.MalformedToken and info.value.code == 2


def test_token_too_large_is_a_malformed_token():
    token = "A" * (ksession.MAX_TOKEN_LEN + 1)
    for given in (token, token.encode()):
        with pytest.raises(ksession.TokenTooLarge) as info:
            ksession.decode(given)
        err = info.value
        assert isinstance(err, ksession.MalformedToken) and err.code == 5 and err.kind == "token_too_large"
        assert err.length == ksession.MAX_TOKEN_LEN + 1
        assert str(err) == f"KS is {len(token)} bytes, over the {ksession.MAX_TOKEN_LEN} byte limit"


def test_bytes_tokens():
    token = entry()
    assert ksession.decode(token.encode()) == ksession.decode(token)
    assert ksession.verify(token.encode(), SECRET, now=NOW) == ksession.decode(token)
    with pytest.raises(ksession.MalformedToken):
        ksession.decode(b"\xff\xfe" + token.encode())
    with pytest.raises(ksession.MalformedToken):
        ksession.decode("a\ud800")


def test_privileges_builder_refusals():
    p = ksession.Privileges()
    for name, value, field in [
        ("", None, "privilege_name"),
        ("a,b", None, "privilege_name"),
        ("a:b", None, "privilege_name"),
        ("a;b", None, "privilege_name"),
        ("a", "x,*", "privilege_value"),
        ("a", "x;y", "privilege_value"),
        ("a", "x|y", "privilege_value"),
        ("a", "x\ny", "privilege_value"),
        ("a\ud800", None, "privilege_name"),
        ("a", "\ud800", "privilege_value"),
    ]:
        with pytest.raises(ksession.InvalidField) as info:
            p.add(name, value)
        assert info.value.field == field, (name, value)
    with pytest.raises(ksession.InvalidField) as info:
        ksession.Privileges.entry_viewing("0_x,*")
    assert info.value.field == "entry_id"
    big = p.add("a", "b" * (ksession.MAX_FIELD_LEN - 2))
    with pytest.raises(ksession.InvalidField) as info:
        big.add("c")
    assert info.value.field == "privileges"
