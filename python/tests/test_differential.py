"""The binding against the pure-Python reference (tests/reference.py) on random
inputs: every safe input gives the reference's exact token, and every input
with a forbidden character is refused with the exact subclass, field and
message. The seed is fixed so that a failure reproduces; KSESSION_SEED
explores others."""

import os
import random

import pytest

import ksession
import randominputs as ri
import reference

SEED = int(os.environ.get("KSESSION_SEED", "20210521"))
N = 10_000


def test_cached_entry_viewing_session_matches_reference():
    rng = random.Random(SEED)
    for i in range(N):
        secret, user_id, entry_id = ri.secret(rng), ri.safe_text(rng), ri.entry_id(rng)
        partner, now, url_safe = ri.partner_id(rng), ri.now(rng), rng.random() < 0.3
        if rng.random() < 0.2:
            # The helper's defaults.
            got = ksession.generate_cached_entry_viewing_session(
                secret, user_id, entry_id, partner, now=now, url_safe=url_safe
            )
            want = reference.generate_cached_entry_viewing_session(
                secret, user_id, entry_id, partner, now=now, url_safe=url_safe
            )
        else:
            expiry, cache, custom = ri.expiry(rng), ri.cache(rng), ri.safe_text(rng)
            got = ksession.generate_cached_entry_viewing_session(
                secret, user_id, entry_id, partner, expiry, cache, custom, now=now, url_safe=url_safe
            )
            want = reference.generate_cached_entry_viewing_session(
                secret, user_id, entry_id, partner, expiry, cache, custom, now=now, url_safe=url_safe
            )
        assert got == want, (i, secret, user_id, entry_id, partner, now)


def test_cached_session_matches_reference():
    rng = random.Random(SEED + 1)
    for i in range(N // 2):
        args = (
            ri.secret(rng),
            ri.safe_text(rng),
            ri.session_type(rng),
            ri.partner_id(rng),
            ri.expiry(rng),
            ri.privileges(rng),
            ri.cache(rng),
            ri.safe_text(rng),
        )
        now, url_safe = ri.now(rng), rng.random() < 0.3
        got = ksession.generate_cached_session(*args, now=now, url_safe=url_safe)
        assert got == reference.generate_cached_session(*args, now=now, url_safe=url_safe), (i, args, now)


def test_plain_session_matches_reference():
    rng = random.Random(SEED + 2)
    for i in range(N // 2):
        layout = rng.choice(["server", "client"])
        server = layout == "server"
        args = (
            ri.secret(rng),
            ri.partner_id(rng),
            ri.session_type(rng),
            ri.safe_text(rng),
            ri.privileges(rng),
            ri.expiry(rng),
        )
        kwargs = dict(
            master_partner_id=rng.choice([None, ri.partner_id(rng)]) if server else None,
            additional_data=ri.safe_text(rng) if server else "",
            layout=layout,
            now=ri.now(rng),
            rand=rng.randint(0, 2**32 - 1),
            url_safe=rng.random() < 0.3,
        )
        got = ksession.generate_session(*args, **kwargs)
        assert got == reference.generate_session(*args, **kwargs), (i, args, kwargs)


def test_decode_and_verify_match_reference():
    rng = random.Random(SEED + 3)
    for i in range(N // 5):
        secret = ri.secret(rng)
        token = reference.generate_cached_session(
            secret, ri.safe_text(rng), ri.session_type(rng), ri.partner_id(rng), ri.expiry(rng),
            ri.privileges(rng), ri.cache(rng), ri.safe_text(rng), now=ri.now(rng), url_safe=rng.random() < 0.5,
        )
        signature, fields = reference.decode(token)
        ks = ksession.decode(token)
        assert ks.signature == signature
        assert {name: getattr(ks, name) for name in fields} == fields, (i, token)
        others = [ri.secret(rng) for _ in range(rng.randint(0, 3))]
        others = [s for s in others if not reference.verify_signature(token, s)]
        secrets = others + [secret]
        rng.shuffle(secrets)
        leeway = rng.choice([0, 0, 1, 300])
        valid_until = ks.valid_until
        assert ksession.verify(token, secrets, now=valid_until + leeway - 1, leeway=leeway) == ks
        with pytest.raises(ksession.Expired) as expired:
            ksession.verify(token, secrets, now=valid_until + leeway, leeway=leeway)
        assert (expired.value.valid_until, expired.value.now) == (valid_until, valid_until + leeway)
        if others:
            with pytest.raises(ksession.InvalidSignature):
                ksession.verify(token, others, now=0)


FIELDS = {
    "cached_entry_viewing_session": ["user_id", "entry_id", "custom"],
    "cached_session": ["user_id", "privileges", "custom"],
    "session": ["user_id", "privileges", "additional_data"],
}


def _call(op, values, now):
    secret = "0123456789abcdef0123456789abcdef"
    if op == "cached_entry_viewing_session":
        return ksession.generate_cached_entry_viewing_session(
            secret, values["user_id"], values["entry_id"], 3000582, 600, 60, values["custom"], now=now
        )
    if op == "cached_session":
        return ksession.generate_cached_session(
            secret, values["user_id"], 0, 3000582, 600, values["privileges"], 60, values["custom"], now=now
        )
    return ksession.generate_session(
        secret, 3000582, 0, values["user_id"], values["privileges"], 600,
        additional_data=values["additional_data"], now=now, rand=1,
    )


def test_every_forbidden_character_is_refused_with_its_field():
    rng = random.Random(SEED + 4)
    for i in range(N // 2):
        op = rng.choice(sorted(FIELDS))
        values = {
            "user_id": ri.safe_text(rng),
            "entry_id": ri.entry_id(rng),
            "custom": ri.safe_text(rng),
            "privileges": ri.privileges(rng),
            "additional_data": ri.safe_text(rng),
        }
        field = rng.choice(FIELDS[op])
        values[field] = ri.with_forbidden(rng, field, values[field])
        ch, at = reference.first_forbidden(field, values[field])
        with pytest.raises(ksession.InvalidField) as refused:
            _call(op, values, ri.now(rng))
        err = refused.value
        assert type(err) is ksession.InvalidField and err.code == 1
        assert err.field == field, (i, op, values)
        assert str(err) == reference.forbidden_message(field, ch, at), (i, op, values)


@pytest.mark.parametrize("op", sorted(FIELDS))
def test_field_length_limit(op):
    for field in FIELDS[op]:
        base = {"user_id": "", "entry_id": "0_x", "custom": "", "privileges": "", "additional_data": ""}
        at_limit = dict(base, **{field: "a" * reference.MAX_FIELD_LEN})
        over = dict(base, **{field: "é" * (reference.MAX_FIELD_LEN // 2) + "a"})
        assert _call(op, at_limit, 1_700_000_000)
        with pytest.raises(ksession.InvalidField) as refused:
            _call(op, over, 1_700_000_000)
        assert refused.value.field == field
        assert str(refused.value) == f"{field} is longer than {reference.MAX_FIELD_LEN} bytes"
