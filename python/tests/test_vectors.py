"""Every case of the shared vector files (v1 and v2): exact token, exact
error class and field, exact decoded fields."""

from collections import Counter

import pytest

import ksession
import vector_cases

CASES = vector_cases.load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}:{c['op']}:{c['name']}" for c in CASES])
def test_vector(case):
    vector_cases.check_case(case)


def test_files_cover_every_operation_and_error_kind():
    ops = Counter(c["op"] for c in CASES)
    assert set(ops) == {
        "cached_entry_viewing_session", "cached_session", "session", "decode", "verify",
        "cached_entry_viewing_session_v2", "cached_session_v2", "session_v2", "decode_v2",
    }
    assert min(n for op, n in ops.items() if not op.endswith("_v2")) >= 30, ops
    assert min(n for op, n in ops.items() if op.endswith("_v2")) >= 10, ops
    kinds = {c["error"]["kind"] for c in CASES if "error" in c}
    # The OS generator failing cannot be provoked from a vector.
    assert kinds == set(vector_cases.ERROR_CLASSES) - {"random_unavailable"}


@pytest.mark.parametrize("case", [c for c in CASES if "info" in c and "error" not in c][:40])
def test_generated_tokens_verify_with_their_secret(case):
    # A minted token verifies under its own secret (given as bytes too) and
    # not under another one.
    ks = ksession.decode(case["token"])
    now = ks.valid_until - 1
    assert ksession.verify(case["token"], case["admin_secret"].encode(), now=now) == ks
    with pytest.raises(ksession.InvalidSignature):
        ksession.verify(case["token"], case["admin_secret"] + "x", now=now)
