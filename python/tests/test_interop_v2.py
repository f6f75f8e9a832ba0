"""Interoperability with the official Kaltura Python client (``KalturaApiClient``
on PyPI) and with an independent KS v2 implementation.

- ksession decodes and verifies what the official client's ``generateSession``
  (v1) and ``generateSessionV2`` (v2) mint, field for field.
- A KS v2 decryptor and encryptor written here from the format description
  (ks-format.md, section 2) with ``pycryptodome`` reads every KS v2 ksession
  mints, plain and cached, and writes tokens ksession must read.

The official client reads the clock (``time.time()``), ``random.randint`` and
``Crypto.Random.get_random_bytes`` through its module's globals; the tests
replace them, so every expected field is exact.
"""

import base64
import hashlib
import hmac
import random
import string
import time
from types import SimpleNamespace
from typing import List, Optional, Tuple
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from Crypto.Cipher import AES
from KalturaClient import Client as client_module
from KalturaClient.Client import KalturaClient

import ksession
import randominputs as ri

SECRET = "0123456789abcdef0123456789abcdef"
OTHER_SECRET = "fedcba9876543210fedcba9876543210"
NOW = 1_700_000_000
# The fraction of a second the client's clock shows; it truncates it.
CLOCK_FRACTION = 0.75

# (user_id, type, partner_id, expiry, privileges) given to the official client.
CLIENT_CASES = [
    ("", 0, 3000582, 600, ""),
    ("Viewer", 0, 3000582, 18000, "sview:0_fld1ro3s,setrole:PLAYBACK_BASE_ROLE,widget:1"),
    ("admin@example.com", 2, 102, 86400, "*"),
    ("John Smith~jr", 2, 102, 86400, "disableentitlement,edit:0_a~b c"),
    ("0", 0, 1, 1, "widget:1,sview:0_x"),
    ("svc", 1, 2**31 + 7, 10**8, "urirestrict:https://example.com/a~b/*,iprestrict:10.0.0.1,privacycontext:My Context"),
    ("ünïcode usér", 0, 7, 3600, "sview:0_ab, edit , list:"),
    ("~", 2, 99, 600, "download:a/b,actionslimit:10,  ,edit:a&b=c=d,*"),
    ("repeat", 0, 5, 60, "sview:0_a,edit,sview:0_b"),
]

# PHP's trim(): the characters the server strips from each privilege item.
PHP_TRIM = " \t\n\r\0\x0b"
PHP_URL_SAFE = frozenset((string.ascii_letters + string.digits + "-_.").encode("ascii"))

Fields = List[Tuple[str, str]]


# -- The format, from ks-format.md ---------------------------------------------


def privilege_fields(privileges: str) -> Fields:
    """Section 2, step 1: the privileges as v2 fields. Items are trimmed and
    empty ones skipped, ``*`` is ``all:*``, an item splits at its first ``:``;
    a repeated name keeps its first place and its last value."""
    fields = {}
    for item in privileges.split(","):
        item = item.strip(PHP_TRIM)
        if not item:
            continue
        if item == "*":
            item = "all:*"
        name, _, value = item.partition(":")
        fields[name] = value
    return list(fields.items())


def v2_fields(
    privileges: str,
    valid_until: int,
    type_: int,
    user_id: str,
    master_partner_id: Optional[int] = None,
    additional_data: str = "",
) -> Fields:
    """Section 2, steps 1 and 2: the privileges, then ``_e _t _u`` (and
    ``_m _d`` when set)."""
    fields = privilege_fields(privileges) + [("_e", str(valid_until)), ("_t", str(type_)), ("_u", user_id)]
    if master_partner_id is not None:
        fields.append(("_m", str(master_partner_id)))
    if additional_data:
        fields.append(("_d", additional_data))
    return fields


def php_urlencode(text: str) -> str:
    """PHP's ``urlencode``: letters, digits and ``-_.`` stay, space is ``+``,
    every other byte ``%XX`` (``~`` included, unlike Python's)."""
    return "".join(
        chr(b) if b in PHP_URL_SAFE else "+" if b == 0x20 else f"%{b:02X}" for b in text.encode("utf-8")
    )


def http_build_query(fields: Fields) -> str:
    return "&".join(f"{php_urlencode(name)}={php_urlencode(value)}" for name, value in fields)


def aes_key(secret: str) -> bytes:
    return hashlib.sha1(secret.encode("utf-8")).digest()[:16]


def reference_encrypt(secret: str, partner_id: int, random16: bytes, query: str) -> str:
    """Section 2, steps 4 to 7."""
    body = random16 + query.encode("utf-8")
    plain = hashlib.sha1(body).digest() + body
    plain += b"\0" * (-len(plain) % 16)
    ciphertext = AES.new(aes_key(secret), AES.MODE_CBC, iv=bytes(16)).encrypt(plain)
    return base64.urlsafe_b64encode(b"v2|%d|" % partner_id + ciphertext).decode("ascii")


def reference_decrypt(token: str, secret: str) -> Tuple[int, bytes, str]:
    """Section 2, parsing: (partner id, the 16 random bytes, the query)."""
    raw = base64.b64decode(token, altchars=b"-_", validate=True)
    version, partner, ciphertext = raw.split(b"|", 2)
    assert version == b"v2"
    plain = AES.new(aes_key(secret), AES.MODE_CBC, iv=bytes(16)).decrypt(ciphertext).rstrip(b"\0")
    digest, rest = plain[:20], plain[20:]
    assert hashlib.sha1(rest).digest() == digest
    return int(partner), rest[:16], rest[16:].decode("ascii")


def parse_query(query: str) -> Fields:
    return parse_qsl(query, keep_blank_values=True, strict_parsing=True)


def cache_window_end(now: int, cache: int) -> int:
    """Section 1.1: the next multiple of ``cache``."""
    return now + (cache - now % cache)


def cached_random(secret: str, partner_id: int, query: str) -> bytes:
    """The 16 bytes that stand for ``R`` in ksession's cached KS v2 (the core's
    documented derivation)."""
    message = b"ksession cached v2\0" + str(partner_id).encode("ascii") + b"\0" + query.encode("ascii")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()[:16]


# -- How ksession presents what it read -----------------------------------------


def expected_type(type_: int):
    return ksession.SessionType(type_) if type_ in (0, 2) else type_


def v1_privilege_items(privileges: str) -> List[Tuple[str, Optional[str]]]:
    """The items the server reads from a v1 privileges string: every trimmed,
    non-empty item, in order; the value is None when there is no ``:``."""
    items = []
    for item in privileges.split(","):
        item = item.strip(PHP_TRIM)
        if item:
            name, colon, value = item.partition(":")
            items.append((name, value if colon else None))
    return items


def v2_privilege_items(fields: Fields) -> List[Tuple[str, Optional[str]]]:
    """The privilege fields of a v2 token as items: ``all:*`` is ``*``, an
    empty value is no value."""
    return [
        ("*", None) if (name, value) == ("all", "*") else (name, value or None)
        for name, value in fields
        if name not in ("_e", "_t", "_u", "_m", "_d")
    ]


def v2_privileges(fields: Fields) -> str:
    return ",".join(name if value is None else f"{name}:{value}" for name, value in v2_privilege_items(fields))


def assert_v2_fields(ks, partner_id: int, fields: Fields, random16: bytes):
    named = dict(fields)
    master = named.get("_m")
    assert ks.version == 2
    assert ks.partner_id == partner_id
    assert ks.partner_pattern == str(partner_id)
    assert ks.valid_until == int(named["_e"])
    assert ks.type == expected_type(int(named["_t"]))
    assert type(ks.type) is type(expected_type(int(named["_t"])))
    assert ks.rand == random16.hex()
    assert ks.user_id == named["_u"]
    assert ks.privileges == v2_privileges(fields)
    assert ks.privilege_items == v2_privilege_items(fields)
    assert ks.master_partner_id == (None if master is None else int(master))
    assert ks.additional_data == named.get("_d", "")
    assert ks.field_count == len(fields)


# -- The official client, with its clock and randomness fixed ------------------


class OfficialClient:
    """``KalturaClient.generateSession`` and ``generateSessionV2`` at a given
    ``now``, with a given rand (v1) or 16 random bytes (v2)."""

    def __init__(self, monkeypatch):
        self._now = NOW
        self._rand = 0
        self._random16 = bytes(16)
        monkeypatch.setattr(client_module, "time", SimpleNamespace(time=self._time))
        monkeypatch.setattr(client_module, "random", SimpleNamespace(randint=self._randint))
        monkeypatch.setattr(client_module, "Random", SimpleNamespace(get_random_bytes=self._get_random_bytes))

    def _time(self) -> float:
        return self._now + CLOCK_FRACTION

    def _randint(self, low: int, high: int) -> int:
        # The client's v1 rand: 0 to 0x10000, both included.
        assert (low, high) == (0, 0x10000)
        return self._rand

    def _get_random_bytes(self, n: int) -> bytes:
        assert n == 16
        return self._random16

    def v1(self, secret, user_id, type_, partner_id, expiry, privileges, *, now=NOW, rand=4242) -> bytes:
        self._now, self._rand = now, rand
        return KalturaClient.generateSession(secret, user_id, type_, partner_id, expiry, privileges)

    def v2(self, secret, user_id, type_, partner_id, expiry, privileges, *, now=NOW, random16=bytes(range(16))) -> bytes:
        self._now, self._random16 = now, random16
        return KalturaClient.generateSessionV2(secret, user_id, type_, partner_id, expiry, privileges)


@pytest.fixture
def official(monkeypatch):
    return OfficialClient(monkeypatch)


# -- ksession reads the official client ----------------------------------------


@pytest.mark.parametrize("user_id,type_,partner_id,expiry,privileges", CLIENT_CASES)
def test_official_v1_decodes_and_verifies(official, user_id, type_, partner_id, expiry, privileges):
    rand = 0x10000 if type_ == 2 else 31337
    token = official.v1(SECRET, user_id, type_, partner_id, expiry, privileges, rand=rand)
    # The client returns bytes, in the standard base64 alphabet.
    assert isinstance(token, bytes)
    info = f"{partner_id};{partner_id};{NOW + expiry};{type_};{rand};{user_id};{privileges}"
    signature = hashlib.sha1((SECRET + info).encode("utf-8")).hexdigest()
    assert base64.b64decode(token, validate=True) == f"{signature}|{info}".encode("utf-8")

    ks = ksession.verify(token, SECRET, now=NOW)
    assert ks == ksession.decode(token) == ksession.decode(token.decode("ascii"))
    assert (ks.version, ks.signature, ks.info, ks.field_count) == (1, signature, info, 7)
    assert (ks.partner_id, ks.partner_pattern, ks.valid_until) == (partner_id, str(partner_id), NOW + expiry)
    assert ks.type == expected_type(type_)
    assert type(ks.type) is type(expected_type(type_))
    assert (ks.rand, ks.user_id, ks.privileges) == (str(rand), user_id, privileges)
    assert ks.privilege_items == v1_privilege_items(privileges)
    assert (ks.master_partner_id, ks.additional_data) == (None, "")
    # ksession's client layout writes the same bytes.
    mine = ksession.generate_session(
        SECRET, partner_id, type_, user_id, privileges, expiry, layout="client", now=NOW, rand=rand
    )
    assert mine == token.decode("ascii")


@pytest.mark.parametrize("user_id,type_,partner_id,expiry,privileges", CLIENT_CASES)
def test_official_v2_decodes_and_verifies(official, user_id, type_, partner_id, expiry, privileges):
    random16 = hashlib.sha1(f"{user_id}{partner_id}".encode("utf-8")).digest()[:16]
    token = official.v2(SECRET, user_id, type_, partner_id, expiry, privileges, random16=random16)
    # The client returns bytes, in the URL-safe alphabet with '=' padding.
    assert isinstance(token, bytes)
    fields = v2_fields(privileges, NOW + expiry, type_, user_id)
    # It writes the query with Python's urlencode: '~' stays raw.
    client_query = urlencode(fields)
    assert reference_decrypt(token.decode("ascii"), SECRET) == (partner_id, random16, client_query)
    assert reference_encrypt(SECRET, partner_id, random16, client_query) == token.decode("ascii")
    assert parse_query(client_query) == fields

    ks = ksession.verify(token, SECRET, now=NOW)
    assert ks == ksession.decode(token, SECRET) == ksession.decode(token.decode("ascii"), [OTHER_SECRET, SECRET])
    assert_v2_fields(ks, partner_id, fields, random16)
    assert ks.info == client_query
    assert ks.signature == hashlib.sha1(random16 + client_query.encode("ascii")).hexdigest()

    # ksession mints the same token from the same inputs, except that it
    # writes '~' as '%7E', as PHP does.
    mine = ksession.generate_session_v2(SECRET, partner_id, type_, user_id, privileges, expiry, now=NOW, random=random16)
    my_query = reference_decrypt(mine, SECRET)[2]
    assert my_query == http_build_query(fields) == client_query.replace("~", "%7E")
    assert (mine == token.decode("ascii")) == ("~" not in client_query)
    assert ksession.decode(mine, SECRET).privilege_items == ks.privilege_items


@pytest.mark.parametrize("version", [1, 2])
def test_official_tokens_under_the_wrong_secret(official, version):
    mint = official.v1 if version == 1 else official.v2
    token = mint(SECRET, "Viewer", 0, 3000582, 600, "sview:0_x,widget:1")
    with pytest.raises(ksession.InvalidSignature) as info:
        ksession.verify(token, OTHER_SECRET, now=NOW)
    assert (info.value.code, info.value.kind) == (3, "invalid_signature")
    with pytest.raises(ksession.InvalidSignature):
        ksession.verify(token, [OTHER_SECRET, SECRET[:-1]], now=NOW)
    # Key rotation: any of the partner's secrets will do.
    assert ksession.verify(token, [OTHER_SECRET, SECRET], now=NOW).user_id == "Viewer"
    if version == 2:
        with pytest.raises(ksession.InvalidSignature):
            ksession.decode(token, OTHER_SECRET)
        with pytest.raises(ksession.SecretRequired):
            ksession.decode(token)


def test_official_v2_tampered_is_refused(official):
    token = official.v2(SECRET, "Viewer", 0, 3000582, 600, "sview:0_x,widget:1").decode("ascii")
    raw = bytearray(base64.urlsafe_b64decode(token))
    for at in (len(b"v2|3000582|"), len(raw) - 1):
        tampered = bytearray(raw)
        tampered[at] ^= 0x01
        with pytest.raises(ksession.InvalidSignature):
            ksession.verify(base64.urlsafe_b64encode(bytes(tampered)), SECRET, now=NOW)


@pytest.mark.parametrize("version", [1, 2])
def test_official_tokens_expire(official, version):
    mint = official.v1 if version == 1 else official.v2
    token = mint(SECRET, "Viewer", 0, 3000582, 600, "sview:0_x")
    assert ksession.verify(token, SECRET, now=NOW + 599).valid_until == NOW + 600
    with pytest.raises(ksession.Expired) as info:
        ksession.verify(token, SECRET, now=NOW + 600)
    assert (info.value.code, info.value.valid_until, info.value.now) == (4, NOW + 600, NOW + 600)
    assert ksession.verify(token, SECRET, now=NOW + 600, leeway=1).valid_until == NOW + 600
    with pytest.raises(ksession.Expired):
        ksession.verify(token, SECRET, now=NOW + 601, leeway=1)
    # The client takes a negative expiry: a token expired from the start.
    expired = mint(SECRET, "Viewer", 0, 3000582, -30, "")
    with pytest.raises(ksession.Expired) as info:
        ksession.verify(expired, SECRET, now=NOW)
    assert (info.value.valid_until, info.value.now) == (NOW - 30, NOW)
    assert ksession.decode(expired, SECRET).valid_until == NOW - 30


def test_official_client_with_its_own_clock_and_randomness():
    """Nothing replaced: the client reads the system clock and draws its
    randomness itself."""
    before = int(time.time())
    v1 = KalturaClient.generateSession(SECRET, "Viewer", 0, 3000582, 600, "sview:0_x")
    v2 = [KalturaClient.generateSessionV2(SECRET, "Viewer", 0, 3000582, 600, "sview:0_x") for _ in range(2)]
    after = int(time.time())
    ks1 = ksession.verify(v1, SECRET, now=before)
    assert before + 600 <= ks1.valid_until <= after + 600
    assert 0 <= int(ks1.rand) <= 0x10000
    assert (ks1.user_id, ks1.privileges, ks1.field_count) == ("Viewer", "sview:0_x", 7)
    ks2 = [ksession.verify(token, SECRET, now=before) for token in v2]
    for ks in ks2:
        assert before + 600 <= ks.valid_until <= after + 600
        assert (ks.user_id, ks.privileges, ks.type, ks.field_count) == ("Viewer", "sview:0_x", 0, 4)
        assert len(bytes.fromhex(ks.rand)) == 16
    assert ks2[0].rand != ks2[1].rand


def _privilege_item(rng: random.Random) -> str:
    # Items start and end with an ASCII letter or digit, so that the client's
    # str.strip() and PHP's trim() agree; padding spaces around them are trimmed.
    name = rng.choice(string.ascii_letters) + "".join(
        rng.choice(string.ascii_letters + string.digits + "_-~*. ") for _ in range(rng.randint(0, 8))
    )
    value = (ri.safe_text(rng, 12) + rng.choice(string.digits)).replace(",", "/")
    item = name.strip() if rng.random() < 0.3 else f"{name.strip()}:{value}"
    return " " * rng.randint(0, 2) + item + " " * rng.randint(0, 2)


def test_official_random_inputs(official):
    rng = random.Random(20240611)
    for _ in range(200):
        user_id = ri.safe_text(rng)
        type_ = ri.session_type(rng)
        partner_id = ri.partner_id(rng)
        expiry = rng.choice([1, 600, 86400, rng.randint(-(10**6), 10**9)])
        items = [_privilege_item(rng) for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.2:
            items.insert(rng.randint(0, len(items)), "*")
        privileges = ",".join(items)
        now = rng.randint(0, 2**40)
        rand = rng.randint(0, 0x10000)
        random16 = bytes(rng.randint(0, 255) for _ in range(16))

        ks = ksession.decode(official.v1(SECRET, user_id, type_, partner_id, expiry, privileges, now=now, rand=rand))
        assert ks.info == f"{partner_id};{partner_id};{now + expiry};{type_};{rand};{user_id};{privileges}"
        assert (ks.partner_id, ks.valid_until, ks.type, ks.rand) == (partner_id, now + expiry, type_, str(rand))
        assert (ks.user_id, ks.privileges) == (user_id, privileges)
        assert ks.privilege_items == v1_privilege_items(privileges)

        token = official.v2(SECRET, user_id, type_, partner_id, expiry, privileges, now=now, random16=random16)
        ks = ksession.decode(token, SECRET)
        fields = v2_fields(privileges, now + expiry, type_, user_id)
        assert_v2_fields(ks, partner_id, fields, random16)
        assert ks.info == urlencode(fields)


def test_official_v1_has_the_injection_hole(official):
    """The client joins v1 fields without escaping (section 1.2): a user id
    ``x;*`` becomes user ``x`` with privileges ``*``, as the server reads it.
    ksession refuses to mint it; in v2 the same user id is plain data."""
    ks = ksession.verify(official.v1(SECRET, "x;*", 0, 3000582, 600, ""), SECRET, now=NOW)
    assert (ks.user_id, ks.privileges, ks.privilege_items, ks.field_count) == ("x", "*", [("*", None)], 8)
    with pytest.raises(ksession.InvalidField) as info:
        ksession.generate_session(SECRET, 3000582, 0, "x;*", "", 600, layout="client", now=NOW, rand=1)
    assert info.value.field == "user_id"

    ks = ksession.verify(official.v2(SECRET, "x;*", 0, 3000582, 600, ""), SECRET, now=NOW)
    assert (ks.user_id, ks.privileges, ks.info) == ("x;*", "", f"_e={NOW + 600}&_t=0&_u=x%3B%2A")


@pytest.mark.parametrize("user_id", ["tab\there", "new\nline", "c1\x85"])
def test_official_tokens_with_control_characters_are_refused(official, user_id):
    """The client mints them; ksession refuses control characters in every
    field, when minting and when reading."""
    with pytest.raises(ksession.MalformedToken) as info:
        ksession.decode(official.v1(SECRET, user_id, 0, 1, 600, ""))
    assert str(info.value) == "malformed KS: user_id contains a control character"
    with pytest.raises(ksession.MalformedToken) as info:
        ksession.decode(official.v2(SECRET, user_id, 0, 1, 600, ""), SECRET)
    assert str(info.value) == "malformed KS: user_id contains a control character"


# -- The reference reads ksession ----------------------------------------------

# (partner_id, type, user_id, privileges, expiry, master_partner_id, additional_data)
KSESSION_CASES = [
    (3000582, 0, "Viewer", "sview:0_fld1ro3s,setrole:PLAYBACK_BASE_ROLE,widget:1", 18000, None, ""),
    (1, 2, "", "", 1, None, ""),
    (102, 2, "admin@example.com", "*", 86400, 7, ""),
    (102, 0, "John Smith~jr", " edit : 0_a~b c , , list:,*,sview:0_a, sview:0_b ", 600, None, "custom ~ data"),
    (2**40, 1, "x;y|z&a=b+c%d", "urirestrict:https://example.com/a~b/*|/c*,iprestrict:10.0.0.1", 3600, 2**40, "k=v;w"),
    (-5, 7, "ünïcode usér 😀", "privacycontext:Ünï cödé,download:a/b", 10**9, None, "déjà vu"),
]


@pytest.mark.parametrize("partner_id,type_,user_id,privileges,expiry,master,data", KSESSION_CASES)
def test_ksession_v2_is_read_by_the_reference(partner_id, type_, user_id, privileges, expiry, master, data):
    random16 = hashlib.md5(repr((partner_id, user_id)).encode("utf-8")).digest()
    token = ksession.generate_session_v2(
        SECRET, partner_id, type_, user_id, privileges, expiry,
        master_partner_id=master, additional_data=data, now=NOW, random=random16,
    )
    fields = v2_fields(privileges, NOW + expiry, type_, user_id, master, data)
    query = http_build_query(fields)
    assert reference_decrypt(token, SECRET) == (partner_id, random16, query)
    assert parse_query(query) == fields
    assert "~" not in query
    assert token == reference_encrypt(SECRET, partner_id, random16, query)
    assert_v2_fields(ksession.verify(token, SECRET, now=NOW), partner_id, fields, random16)


def test_ksession_writes_tilde_as_php_does():
    token = ksession.generate_session_v2(
        SECRET, 1, 0, "a~b", "sview:0_x~y", 600, additional_data="~", now=NOW, random=bytes(16)
    )
    assert reference_decrypt(token, SECRET)[2] == f"sview=0_x%7Ey&_e={NOW + 600}&_t=0&_u=a%7Eb&_d=%7E"


@pytest.mark.parametrize("cache", [1, 60, 600])
@pytest.mark.parametrize("now", [NOW, NOW + 59, 1_621_594_000])
def test_ksession_cached_entry_viewing_v2_is_read_by_the_reference(cache, now):
    for user_id, entry_id, expiry, custom in [
        ("Viewer", "0_fld1ro3s", 18000, ""),
        ("", "1_abc-DEF", 600, "custom~data"),
        ("ünï usér", "0_x", 1, "a=b&c"),
    ]:
        token = ksession.generate_cached_entry_viewing_session_v2(
            SECRET, user_id, entry_id, 3000582, expiry, cache, custom, now=now
        )
        privileges = f"sview:{entry_id},setrole:PLAYBACK_BASE_ROLE,widget:1"
        fields = v2_fields(privileges, cache_window_end(now, cache) + expiry, 0, user_id, None, custom)
        query = http_build_query(fields)
        random16 = cached_random(SECRET, 3000582, query)
        assert reference_decrypt(token, SECRET) == (3000582, random16, query)
        assert parse_query(query) == fields
        assert token == reference_encrypt(SECRET, 3000582, random16, query)
        assert_v2_fields(ksession.decode(token, SECRET), 3000582, fields, random16)


@pytest.mark.parametrize("partner_id,type_,user_id,privileges,expiry,master,data", KSESSION_CASES)
def test_ksession_cached_v2_is_read_by_the_reference(partner_id, type_, user_id, privileges, expiry, master, data):
    cache = 600
    token = ksession.generate_cached_session_v2(
        SECRET, user_id, type_, partner_id, expiry, privileges, cache, data, now=NOW
    )
    fields = v2_fields(privileges, cache_window_end(NOW, cache) + expiry, type_, user_id, None, data)
    query = http_build_query(fields)
    random16 = cached_random(SECRET, partner_id, query)
    assert reference_decrypt(token, SECRET) == (partner_id, random16, query)
    assert token == reference_encrypt(SECRET, partner_id, random16, query)
    assert_v2_fields(ksession.decode(token, SECRET), partner_id, fields, random16)


def test_ksession_v2_random_inputs_are_read_by_the_reference():
    rng = random.Random(99)
    for _ in range(300):
        secret = ri.safe_text(rng) or "s"
        partner_id, type_, user_id = ri.partner_id(rng), ri.session_type(rng), ri.safe_text(rng)
        privileges = ",".join(
            item for item in ri.privileges(rng).split(",") if item.strip(PHP_TRIM).partition(":")[0]
        )
        expiry, now, data = ri.expiry(rng), ri.now(rng), ri.safe_text(rng)
        master = rng.choice([None, rng.randint(-(2**63), 2**63 - 1)])
        random16 = bytes(rng.randint(0, 255) for _ in range(16))
        token = ksession.generate_session_v2(
            secret, partner_id, type_, user_id, privileges, expiry,
            master_partner_id=master, additional_data=data, now=now, random=random16,
        )
        fields = v2_fields(privileges, now + expiry, type_, user_id, master, data)
        query = http_build_query(fields)
        assert reference_decrypt(token, secret) == (partner_id, random16, query)
        assert parse_query(query) == fields
        assert token == reference_encrypt(secret, partner_id, random16, query)


# -- ksession reads the reference's tokens -------------------------------------

# Fields with every character class the two query styles write differently.
PYTHON_STYLE_FIELDS = [
    ("sview", "0_a~b"),
    ("privacycontext", "My Context ~ ünï"),
    ("urirestrict", "https://example.com/~user/*"),
    ("edit", ""),
    ("all", "*"),
    ("_e", str(NOW + 600)),
    ("_t", "2"),
    ("_u", "John Smith~jr;|&=+%"),
    ("_d", "~"),
]


@pytest.mark.parametrize(
    "query",
    [
        urlencode(PYTHON_STYLE_FIELDS),  # quote_plus: '~' raw, space '+'
        urlencode(PYTHON_STYLE_FIELDS, quote_via=quote),  # quote: space '%20'
        urlencode(PYTHON_STYLE_FIELDS, safe="*/:~"),  # '*', '/', ':' raw too
        http_build_query(PYTHON_STYLE_FIELDS),  # PHP's way, for comparison
    ],
)
def test_ksession_reads_any_form_encoding(query):
    assert parse_query(query) == PYTHON_STYLE_FIELDS
    random16 = bytes(range(100, 116))
    token = reference_encrypt(SECRET, 3000582, random16, query)
    ks = ksession.verify(token, [OTHER_SECRET, SECRET], now=NOW)
    assert_v2_fields(ks, 3000582, PYTHON_STYLE_FIELDS, random16)
    assert ks.info == query
    assert (ks.user_id, ks.privileges) == (
        "John Smith~jr;|&=+%",
        "sview:0_a~b,privacycontext:My Context ~ ünï,urirestrict:https://example.com/~user/*,edit,*",
    )
    with pytest.raises(ksession.InvalidSignature):
        ksession.verify(token, OTHER_SECRET, now=NOW)
    with pytest.raises(ksession.Expired):
        ksession.verify(token, SECRET, now=NOW + 600)
