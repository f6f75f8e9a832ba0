"""The Python surface: signatures and defaults, the clock, secrets as str or
bytes, the Ks object, SessionType, Privileges and the exception classes."""

import copy
import importlib.metadata
import inspect
import pickle
import re
from pathlib import Path

import pytest

import ksession
import reference

SECRET = "0123456789abcdef0123456789abcdef"
NOW = 1_621_594_000
ROOT = Path(__file__).resolve().parents[2]


def test_signatures_mirror_the_helper():
    # Same names, order, kinds and defaults as the reference (which follows
    # the spec and the PHP helper), except that the binding's `now` and
    # `rand` default to None (the clock, the OS generator).
    def shape(fn):
        return [
            (p.name, p.kind, None if p.name in ("now", "rand") else p.default)
            for p in inspect.signature(fn).parameters.values()
        ]

    for name in ("generate_cached_entry_viewing_session", "generate_cached_session", "generate_session"):
        binding = inspect.signature(getattr(ksession, name)).parameters
        assert shape(getattr(ksession, name)) == shape(getattr(reference, name)), name
        assert binding["now"].default is None and binding["now"].kind is inspect.Parameter.KEYWORD_ONLY
    verify = inspect.signature(ksession.verify).parameters
    assert [(p.name, p.kind.name, p.default) for p in verify.values()] == [
        ("ks", "POSITIONAL_OR_KEYWORD", inspect.Parameter.empty),
        ("admin_secrets", "POSITIONAL_OR_KEYWORD", inspect.Parameter.empty),
        ("now", "KEYWORD_ONLY", None),
        ("leeway", "KEYWORD_ONLY", 0),
    ]
    assert ksession.DEFAULT_EXPIRY == inspect.signature(reference.generate_session).parameters["expiry"].default
    assert ksession.DEFAULT_CACHE == inspect.signature(reference.generate_cached_session).parameters["cache"].default


def test_defaults_give_the_reference_token():
    assert ksession.generate_cached_entry_viewing_session(SECRET, "Viewer", "0_x", 3000582, now=NOW) == (
        reference.generate_cached_entry_viewing_session(SECRET, "Viewer", "0_x", 3000582, now=NOW)
    )
    assert ksession.generate_cached_session(SECRET, "", ksession.SessionType.ADMIN, 42, now=NOW) == (
        reference.generate_cached_session(SECRET, "", 2, 42, now=NOW)
    )
    assert ksession.generate_session(SECRET, 42, now=NOW, rand=5) == reference.generate_session(
        SECRET, 42, now=NOW, rand=5
    )


def test_now_none_reads_the_clock():
    # The structure is checked, not the time: the window end is a multiple of
    # cache and valid_until is expiry after it.
    token = ksession.generate_cached_entry_viewing_session(SECRET, "u", "0_x", 1, 600, 60)
    ks = ksession.decode(token)
    assert int(ks.rand) % 60 == 0
    assert ks.valid_until - int(ks.rand) == 600
    assert ksession.verify(token, SECRET).partner_id == 1
    assert not ks.is_expired()
    assert ks.is_expired(now=ks.valid_until) and not ks.is_expired(now=ks.valid_until - 1)


def test_random_rand():
    rands = {int(ksession.decode(ksession.generate_session(SECRET, 1, now=NOW)).rand) for _ in range(8)}
    assert all(0 <= r < 2**31 for r in rands)
    assert len(rands) > 1


def test_secret_as_str_or_bytes():
    for secret in (SECRET, "sécret ✓", "\x00\x01"):
        as_bytes = secret.encode("utf-8")
        for fn in (
            lambda s: ksession.generate_cached_entry_viewing_session(s, "u", "0_x", 1, now=NOW),
            lambda s: ksession.generate_cached_session(s, "u", 0, 1, now=NOW),
            lambda s: ksession.generate_session(s, 1, now=NOW, rand=1),
        ):
            assert fn(secret) == fn(as_bytes)
        token = ksession.generate_session(as_bytes, 1, now=NOW, rand=1)
        assert token == reference.generate_session(secret, 1, now=NOW, rand=1)
        assert ksession.verify(token, secret, now=NOW) == ksession.verify(token, [b"x", as_bytes], now=NOW)
        assert ksession.verify(token, iter(["x", secret]), now=NOW).partner_id == 1


def test_url_safe():
    for now in range(NOW, NOW + 200, 7):
        std = ksession.generate_session(SECRET, 1, user_id="~~~>>>???", now=now, rand=now)
        url = ksession.generate_session(SECRET, 1, user_id="~~~>>>???", now=now, rand=now, url_safe=True)
        assert url == reference.generate_session(SECRET, 1, user_id="~~~>>>???", now=now, rand=now, url_safe=True)
        assert "+" not in url and "/" not in url
        assert ksession.decode(url) == ksession.decode(std)


def test_ks_fields_are_typed_and_frozen():
    token = ksession.generate_session(
        SECRET, 7, ksession.SessionType.ADMIN, "u", "a,b:c,,d: e ", 600,
        master_partner_id=99, additional_data="extra", now=NOW, rand=3,
    )
    ks = ksession.decode(token)
    assert ks.type is ksession.SessionType.ADMIN
    assert (ks.version, ks.partner_id, ks.partner_pattern, ks.valid_until) == (1, 7, "7", NOW + 600)
    assert (ks.rand, ks.user_id, ks.privileges) == ("3", "u", "a,b:c,,d: e ")
    assert ks.privilege_items == [("a", None), ("b", "c"), ("d", " e")]
    assert (ks.master_partner_id, ks.additional_data, ks.field_count) == (99, "extra", 9)
    assert ks.info == f"7;7;{NOW + 600};2;3;u;a,b:c,,d: e ;99;extra"
    assert ks.signature == reference.decode(token)[0]
    assert not ks.is_widget_session
    with pytest.raises(AttributeError):
        ks.partner_id = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        ks.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        ksession.Ks()  # type: ignore[call-arg]


def test_unknown_type_is_a_plain_int():
    for code in (1, 5, -1):
        ks = ksession.decode(ksession.generate_session(SECRET, 1, code, now=NOW, rand=0))
        assert type(ks.type) is int and ks.type == code
    assert ksession.decode(ksession.generate_session(SECRET, 1, now=NOW, rand=0)).type is ksession.SessionType.USER


def test_client_layout_and_widget_session():
    token = ksession.generate_session(
        SECRET, 1, user_id="0", privileges=ksession.Privileges.entry_viewing("0_x"), layout="client", now=NOW, rand=1
    )
    ks = ksession.decode(token)
    assert ks.field_count == 7 and ks.master_partner_id is None and ks.additional_data == ""
    assert ks.is_widget_session


def test_ks_equality_and_hash():
    token = ksession.generate_session(SECRET, 1, now=NOW, rand=1)
    a, b = ksession.decode(token), ksession.verify(token, SECRET, now=NOW)
    c = ksession.decode(ksession.generate_session(SECRET, 1, now=NOW, rand=2))
    assert a == b and hash(a) == hash(b) and a != c
    assert len({a, b, c}) == 2
    assert a != token


def test_session_type_enum():
    assert issubclass(ksession.SessionType, int)
    assert [(m.name, m.value) for m in ksession.SessionType] == [("USER", 0), ("ADMIN", 2)]
    assert ksession.generate_cached_session(SECRET, "", ksession.SessionType.ADMIN, 1, now=NOW) == (
        ksession.generate_cached_session(SECRET, "", 2, 1, now=NOW)
    )


def test_privileges_builder():
    empty = ksession.Privileges()
    p = empty.add("sview", "0_x").add("setrole", ksession.PLAYBACK_BASE_ROLE).add("widget", "1")
    assert str(empty) == "" and len(empty) == 0 and not empty
    assert str(p) == reference.entry_viewing_privileges("0_x")
    assert p == ksession.Privileges.entry_viewing("0_x") and hash(p) == hash(ksession.Privileges.entry_viewing("0_x"))
    assert p.items() == [("sview", "0_x"), ("setrole", "PLAYBACK_BASE_ROLE"), ("widget", "1")]
    assert len(p) == 3
    assert repr(p) == "Privileges('sview:0_x,setrole:PLAYBACK_BASE_ROLE,widget:1')"
    assert str(empty.add("edit").add("list", "")) == "edit,list:"
    assert ksession.generate_cached_session(SECRET, "u", 0, 1, privileges=p, now=NOW) == (
        ksession.generate_cached_entry_viewing_session(SECRET, "u", "0_x", 1, now=NOW)
    )


def test_parse_privileges():
    assert ksession.parse_privileges("sview:0_x, widget:1,,*, a:b:c ,") == [
        ("sview", "0_x"), ("widget", "1"), ("*", None), ("a", "b:c"),
    ]
    assert ksession.parse_privileges("") == []


def test_cache_window_end():
    for now, cache in [(0, 1), (1199, 600), (1200, 600), (NOW, 600), (NOW, 7)]:
        assert ksession.cache_window_end(now, cache) == reference.cache_window_end(now, cache)
    with pytest.raises(ksession.InvalidField) as info:
        ksession.cache_window_end(NOW, 0)
    assert info.value.field == "cache"


def test_exception_classes():
    classes = [
        (ksession.InvalidField, 1, "invalid_field"),
        (ksession.MalformedToken, 2, "malformed_token"),
        (ksession.InvalidSignature, 3, "invalid_signature"),
        (ksession.Expired, 4, "expired"),
        (ksession.TokenTooLarge, 5, "token_too_large"),
    ]
    for cls, code, kind in classes:
        assert issubclass(cls, ksession.KsError) and issubclass(cls, ValueError)
        assert (cls.code, cls.kind, cls.__module__) == (code, kind, "ksession")
    assert issubclass(ksession.TokenTooLarge, ksession.MalformedToken)


def test_exceptions_pickle_and_copy():
    errors = []
    for call in (
        lambda: ksession.generate_cached_entry_viewing_session(SECRET, "u", "0_x,*", 1, now=NOW),
        lambda: ksession.decode("x"),
        lambda: ksession.decode("A" * 20000),
        lambda: ksession.verify(ksession.generate_session(SECRET, 1, now=NOW, rand=1), "other", now=NOW),
        lambda: ksession.verify(ksession.generate_session(SECRET, 1, 0, expiry=5, now=NOW, rand=1), SECRET, now=NOW + 5),
    ):
        with pytest.raises(ksession.KsError) as info:
            call()
        errors.append(info.value)
    assert [type(e) for e in errors] == [
        ksession.InvalidField, ksession.MalformedToken, ksession.TokenTooLarge, ksession.InvalidSignature, ksession.Expired,
    ]
    assert errors[0].field == "entry_id" and str(errors[0]) == "entry_id contains ',' at byte 3"
    assert (errors[4].valid_until, errors[4].now) == (NOW + 5, NOW + 5)
    for err in errors:
        for clone in (pickle.loads(pickle.dumps(err)), copy.copy(err)):
            assert type(clone) is type(err) and str(clone) == str(err) and clone.code == err.code
            assert vars(clone) == vars(err)


def test_version_is_cargo_version():
    cargo = (ROOT / "Cargo.toml").read_text()
    workspace_version = re.search(r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', cargo, re.M | re.S)
    assert workspace_version is not None
    assert ksession.__version__ == workspace_version.group(1) == importlib.metadata.version("ksession")


def test_module_declares_all():
    public = {name for name in vars(ksession) if not name.startswith("_")}
    assert set(ksession.__all__) == public | {"__version__"}


def test_admin_secret_object():
    held = ksession.AdminSecret(SECRET)
    assert ksession.AdminSecret(held) is not held
    for secret in (held, ksession.AdminSecret(SECRET.encode()), ksession.AdminSecret(ksession.AdminSecret(SECRET))):
        assert ksession.generate_cached_entry_viewing_session(secret, "u", "0_x", 1, now=NOW) == (
            reference.generate_cached_entry_viewing_session(SECRET, "u", "0_x", 1, now=NOW)
        )
        assert ksession.generate_cached_session(secret, "u", 2, 1, privileges="edit", now=NOW) == (
            reference.generate_cached_session(SECRET, "u", 2, 1, privileges="edit", now=NOW)
        )
        token = ksession.generate_session(secret, 1, now=NOW, rand=9)
        assert token == reference.generate_session(SECRET, 1, now=NOW, rand=9)
        assert ksession.verify(token, secret, now=NOW).rand == "9"
        assert ksession.verify(token, ["other", secret], now=NOW).rand == "9"
        v2 = ksession.generate_session_v2(secret, 1, now=NOW, random=bytes(16))
        assert v2 == ksession.generate_session_v2(SECRET, 1, now=NOW, random=bytes(16))
        assert ksession.decode(v2, secret).version == 2
    assert copy.copy(held) is held and copy.deepcopy(held) is held
    with pytest.raises(TypeError):
        pickle.dumps(held)
    with pytest.raises(ksession.InvalidField) as info:
        ksession.AdminSecret("")
    assert info.value.field == "admin_secret"
    with pytest.raises(TypeError):
        ksession.AdminSecret(5)  # type: ignore[arg-type]


def test_type_name():
    for code, name in [(0, "USER"), (2, "ADMIN"), (1, "UNKNOWN")]:
        assert ksession.decode(ksession.generate_session(SECRET, 1, code, now=NOW, rand=0)).type_name == name


def test_example_prints_the_spec_vector():
    import subprocess
    import sys

    import vector_cases

    spec = next(c for c in vector_cases.load_cases() if c["name"] == "spec vector")
    example = ROOT / "examples" / "python" / "entry_viewing_token.py"
    out = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, check=True).stdout
    assert out == spec["token"] + "\n"
    explained = subprocess.run(
        [sys.executable, str(example), "--explain"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert explained[0] == spec["token"] and len(explained) == 3
    assert "field entry_id, code 1" in explained[2]
