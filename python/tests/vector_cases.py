"""Runs the cases of the shared vector files (tests/vectors/ks_v1.json and
ks_v2.json) through the binding. Standard library only and Python 3.8 syntax: the wheel
smoke test runs it on other interpreters, where pytest is not installed.

Run as a script (``python vector_cases.py [VECTORS...]``) it checks every
case and prints ``N passed, N failed``.
"""

import base64
import binascii
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Type

import ksession

ERROR_CLASSES: Dict[str, Type[ksession.KsError]] = {
    "invalid_field": ksession.InvalidField,
    "malformed_token": ksession.MalformedToken,
    "invalid_signature": ksession.InvalidSignature,
    "expired": ksession.Expired,
    "token_too_large": ksession.TokenTooLarge,
    "secret_required": ksession.SecretRequired,
    "random_unavailable": ksession.RandomUnavailable,
}

ERROR_CODES = {
    "invalid_field": 1,
    "malformed_token": 2,
    "invalid_signature": 3,
    "expired": 4,
    "token_too_large": 5,
    "secret_required": 6,
    "random_unavailable": 7,
}

Case = Dict[str, Any]


VECTOR_FILES = ("ks_v1.json", "ks_v2.json")


def vectors_dir() -> Path:
    """The shared vector files' folder; KSESSION_VECTORS_DIR overrides the repository's."""
    override = os.environ.get("KSESSION_VECTORS_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "tests" / "vectors"


def vector_paths() -> List[Path]:
    return [vectors_dir() / name for name in VECTOR_FILES]


def load_cases(paths: Optional[List[Path]] = None) -> List[Case]:
    """Every case of the vector files, each tagged with its file's name."""
    cases: List[Case] = []
    for path in paths or vector_paths():
        doc = json.loads(path.read_text(encoding="utf-8"))
        if len(doc["cases"]) != doc["count"]:
            raise AssertionError(f"{path} holds {len(doc['cases'])} cases, says {doc['count']}")
        cases += [dict(c, file=path.name) for c in doc["cases"]]
    return cases


def token_version(token: str) -> int:
    """2 when the token decodes (either alphabet, padding optional) to ``v2|...``."""
    standard = token.replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(standard + "=" * (-len(standard) % 4))
    except (binascii.Error, ValueError):
        return 1
    return 2 if raw.startswith(b"v2|") else 1


def generate(c: Case) -> str:
    """One generation case through the binding, with every argument given."""
    op = c["op"]
    if op == "cached_entry_viewing_session":
        return ksession.generate_cached_entry_viewing_session(
            c["admin_secret"], c["user_id"], c["entry_id"], c["partner_id"],
            c["expiry"], c["cache"], c["custom"], now=c["now"], url_safe=c["url_safe"],
        )
    if op == "cached_session":
        return ksession.generate_cached_session(
            c["admin_secret"], c["user_id"], c["type"], c["partner_id"],
            c["expiry"], c["privileges"], c["cache"], c["custom"], now=c["now"], url_safe=c["url_safe"],
        )
    if op == "session":
        return ksession.generate_session(
            c["admin_secret"], c["partner_id"], c["type"], c["user_id"], c["privileges"], c["expiry"],
            master_partner_id=c["master_partner_id"], additional_data=c["additional_data"],
            layout=c["layout"], now=c["now"], rand=c["rand"], url_safe=c["url_safe"],
        )
    if op == "cached_entry_viewing_session_v2":
        return ksession.generate_cached_entry_viewing_session_v2(
            c["admin_secret"], c["user_id"], c["entry_id"], c["partner_id"],
            c["expiry"], c["cache"], c["custom"], now=c["now"],
        )
    if op == "cached_session_v2":
        return ksession.generate_cached_session_v2(
            c["admin_secret"], c["user_id"], c["type"], c["partner_id"],
            c["expiry"], c["privileges"], c["cache"], c["custom"], now=c["now"],
        )
    if op == "session_v2":
        return ksession.generate_session_v2(
            c["admin_secret"], c["partner_id"], c["type"], c["user_id"], c["privileges"], c["expiry"],
            master_partner_id=c["master_partner_id"], additional_data=c["additional_data"],
            now=c["now"], random=bytes.fromhex(c["random_hex"]),
        )
    raise AssertionError(f"unknown op {op}")


def run(c: Case) -> Any:
    """The binding's result for a case: a token or a Ks, or the raised KsError."""
    op = c["op"]
    if op == "decode":
        return ksession.decode(c["token"])
    if op == "decode_v2":
        return ksession.decode(c["token"], c["admin_secrets"])
    if op == "verify":
        return ksession.verify(c["token"], c["admin_secrets"], now=c["now"], leeway=c["leeway"])
    return generate(c)


def check_fields(ks: ksession.Ks, want: Dict[str, Any], name: str, version: int) -> None:
    got = {
        "partner_id": ks.partner_id,
        "partner_pattern": ks.partner_pattern,
        "valid_until": ks.valid_until,
        "type": int(ks.type),
        "rand": ks.rand,
        "user_id": ks.user_id,
        "privileges": ks.privileges,
        "master_partner_id": ks.master_partner_id,
        "additional_data": ks.additional_data,
        "field_count": ks.field_count,
    }
    if got != want:
        raise AssertionError(f"{name}: fields {got} != {want}")
    # The typed view: known types are SessionType members, others plain ints.
    known = want["type"] in (0, 2)
    if isinstance(ks.type, ksession.SessionType) != known:
        raise AssertionError(f"{name}: type {ks.type!r} should {'' if known else 'not '}be a SessionType")
    if ks.version != version:
        raise AssertionError(f"{name}: version {ks.version}, want {version}")


def check_error(c: Case, err: ksession.KsError) -> None:
    want = c["error"]
    cls = ERROR_CLASSES[want["kind"]]
    name = c["name"]
    if type(err) is not cls:
        raise AssertionError(f"{name}: raised {type(err).__name__} ({err}), want {cls.__name__}")
    if err.code != ERROR_CODES[want["kind"]] or err.kind != want["kind"]:
        raise AssertionError(f"{name}: code {err.code} kind {err.kind}")
    if isinstance(err, ksession.InvalidField):
        if err.field != want["field"]:
            raise AssertionError(f"{name}: field {err.field!r}, want {want['field']!r} ({err})")
    elif "field" in want:
        raise AssertionError(f"{name}: want field {want['field']} on a {type(err).__name__}")
    if not str(err):
        raise AssertionError(f"{name}: empty message")


def check_case(c: Case) -> None:
    """Raises AssertionError unless the binding gives exactly the case's answer."""
    try:
        result = run(c)
    except ksession.KsError as err:
        if "error" not in c:
            raise AssertionError(f"{c['name']}: unexpected {type(err).__name__}: {err}") from None
        check_error(c, err)
        return
    if "error" in c:
        raise AssertionError(f"{c['name']}: returned {result!r}, want {c['error']}")
    if c["op"] in ("decode", "decode_v2", "verify"):
        check_fields(result, c["fields"], c["name"], token_version(c["token"]))
        return
    if result != c["token"]:
        raise AssertionError(f"{c['name']}: token {result} != {c['token']}")
    if c["op"].endswith("_v2"):
        info, want = ksession.decode(result, c["admin_secret"]).info, c["query"]
    else:
        info, want = ksession.decode(result).info, c["info"]
    if info != want:
        raise AssertionError(f"{c['name']}: info {info} != {want}")


def main(argv: List[str]) -> int:
    cases = load_cases([Path(a) for a in argv[1:]] or None)
    failed = 0
    for c in cases:
        try:
            check_case(c)
        except AssertionError as e:
            failed += 1
            print(f"FAIL {e}", file=sys.stderr)
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
