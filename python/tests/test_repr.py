"""No secret ever shows in the repr, str, args or attributes of anything the
binding returns or raises; the repr of a Ks does not show its signature
either (with the fields, it would be a usable token)."""

import traceback

import pytest

import ksession

SECRET = "Sup3r-S3cret-Adm1n-Key-7f3a9c2e"
NOW = 1_621_594_000


def _texts(obj):
    """Every text the object shows: repr, str, and for exceptions their args,
    attributes and formatted traceback."""
    texts = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        texts += [repr(a) for a in obj.args]
        texts += [repr(v) for v in vars(obj).values()]
        texts += traceback.format_exception_only(type(obj), obj)
        assert obj.__cause__ is None
    return texts


def _assert_hidden(obj, *hidden):
    for text in _texts(obj):
        for h in hidden:
            assert h not in text, (h, text)


def _raised(call):
    with pytest.raises(ksession.KsError) as info:
        call()
    return info.value


def test_ks_repr_shows_fields_but_no_secret_nor_signature():
    token = ksession.generate_cached_entry_viewing_session(SECRET, "Viewer", "0_x", 3000582, now=NOW, custom="c")
    for ks in (ksession.decode(token), ksession.verify(token, [SECRET.encode(), "other"], now=NOW)):
        _assert_hidden(ks, SECRET, ks.signature, token)
        assert repr(ks).startswith("Ks(version=1, partner_id=3000582, partner_pattern='3000582', ")
        assert "user_id='Viewer'" in repr(ks) and "type=SessionType.USER" in repr(ks)
        assert "additional_data='c'" in repr(ks) and "field_count=9" in repr(ks)


def test_errors_never_show_the_secret():
    token = ksession.generate_cached_entry_viewing_session(SECRET, "Viewer", "0_x", 3000582, now=NOW)
    errors = [
        _raised(lambda: ksession.verify(token, [SECRET + "x", SECRET[:-1]], now=NOW)),
        _raised(lambda: ksession.verify(token, SECRET, now=NOW + 10**6)),
        _raised(lambda: ksession.verify(token + "!", SECRET, now=NOW)),
        _raised(lambda: ksession.generate_cached_entry_viewing_session(SECRET, "a;b", "0_x", 1, now=NOW)),
        _raised(lambda: ksession.generate_cached_session(SECRET, "u", 0, 1, now=-1)),
        _raised(lambda: ksession.generate_session(SECRET, 2**64, now=NOW)),
        _raised(lambda: ksession.generate_session(SECRET, 1, layout="x", now=NOW)),
        _raised(lambda: ksession.verify(token, [SECRET, ""], now=NOW)),
    ]
    assert [type(e).__name__ for e in errors] == [
        "InvalidSignature", "Expired", "MalformedToken", "InvalidField", "InvalidField", "InvalidField",
        "InvalidField", "InvalidField",
    ]
    for err in errors:
        _assert_hidden(err, SECRET, SECRET[:12], SECRET[-12:])


def test_unencodable_secret_is_not_echoed():
    # Python's own UnicodeEncodeError would carry the whole string; the
    # binding's error names the field only.
    secret = SECRET + "\ud800"
    for call in (
        lambda: ksession.generate_cached_entry_viewing_session(secret, "u", "0_x", 1, now=NOW),
        lambda: ksession.verify("x", [SECRET, secret], now=NOW),
    ):
        err = _raised(call)
        assert isinstance(err, ksession.InvalidField) and err.field == "admin_secret"
        assert err.__context__ is None
        _assert_hidden(err, SECRET[:12], SECRET[-12:])


def test_type_error_does_not_echo_the_secret():
    with pytest.raises(TypeError) as info:
        ksession.generate_session(bytearray(SECRET.encode()), 1, now=NOW)
    assert SECRET not in str(info.value) and SECRET[:12] not in repr(info.value)


def test_privileges_repr_is_its_value():
    p = ksession.Privileges().add("sview", "0_x")
    assert repr(p) == "Privileges('sview:0_x')" and str(p) == "sview:0_x"


def test_admin_secret_is_redacted():
    held = ksession.AdminSecret(SECRET)
    assert repr(held) == str(held) == "AdminSecret([redacted])"
    assert SECRET not in repr(vars(type(held)))
    with pytest.raises(TypeError) as info:
        __import__("pickle").dumps(held)
    _assert_hidden(info.value, SECRET)
