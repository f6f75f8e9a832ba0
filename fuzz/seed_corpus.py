#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from the shared test vectors.

fuzz/corpus/<target>/seed-NNN, rewritten on each run (other files, such as
libFuzzer's own finds, are left alone):

- decode:     every token, and every v1 token's decoded bytes
- verify:     every token; every v1 INFO and v2 query, to be signed by the
              target (the header layout is in fuzz/src/verify.rs)
- privileges: every privileges string
- roundtrip:  every token (raw bytes for the structured input)
"""

import base64
import json
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = [ROOT.parent / "tests" / "vectors" / "ks_v1.json", ROOT.parent / "tests" / "vectors" / "ks_v2.json"]
# The fixed secrets of fuzz/src/reference.rs, in order.
SECRETS = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "k", "sécret"]
VERIFY_HEADER_LEN = 23


def unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def decode_token(token):
    """The decoded bytes, or None for a token that is not base64 (the error vectors)."""
    t = token.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(t + "=" * (-len(t) % 4), validate=True)
    except ValueError:
        return None


def verify_header(mode, signer, url_safe, random=bytes(16), tamper_at=None):
    """Mode, all four secrets given, the signing secret, now = valid_until - 1,
    no leeway; optionally one byte of the decoded token changed (XOR 1)."""
    flags = mode | (0x20 if url_safe else 0) | 0x40 | (0x10 if tamper_at is not None else 0)
    h = bytes([flags, 0x0F | (signer << 4), 0xFF, 0]) + random
    h += struct.pack("<H", tamper_at or 0) + b"\x01"
    assert len(h) == VERIFY_HEADER_LEN
    return h


def signer_of(case):
    secret = case.get("admin_secret") or (case.get("admin_secrets") or [""])[0]
    return SECRETS.index(secret) if secret in SECRETS else 0


def main():
    cases = [c for path in VECTORS for c in json.loads(path.read_text(encoding="utf-8"))["cases"]]
    tokens = unique(c["token"] for c in cases if c.get("token"))

    seeds = {"decode": [], "verify": [], "privileges": [], "roundtrip": []}
    for token in tokens:
        seeds["decode"].append(token.encode())
        seeds["verify"].append(verify_header(0, 0, False) + token.encode())
        seeds["roundtrip"].append(token.encode())
    for case in cases:
        token = case.get("token")
        if not token:
            continue
        raw = decode_token(token)
        if raw is None:
            continue
        if raw.startswith(b"v2|"):
            partner = raw[3:].split(b"|", 1)[0]
            query = case.get("query")
            if query is not None:
                random = bytes.fromhex(case.get("random_hex", "00" * 16))
                payload = partner + b"|" + query.encode()
                seeds["verify"].append(verify_header(2, signer_of(case), True, random) + payload)
                # The same with a byte of the ciphertext changed.
                at = 3 + len(partner) + 1 + len(seeds["verify"]) % 32
                seeds["verify"].append(verify_header(2, signer_of(case), True, random, at) + payload)
        else:
            seeds["decode"].append(raw)
            if b"|" in raw:
                info = raw.split(b"|", 1)[1]
                url_safe = "-" in token or "_" in token
                seeds["verify"].append(verify_header(1, signer_of(case), url_safe) + info)
                seeds["verify"].append(verify_header(1, signer_of(case), url_safe, tamper_at=len(info) % 80) + info)
    privileges = [c.get("privileges") for c in cases] + [c.get("fields", {}).get("privileges") for c in cases]
    seeds["privileges"] = [p.encode() for p in unique(p for p in privileges if p is not None)]

    for target, items in seeds.items():
        directory = ROOT / "corpus" / target
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("seed-*"):
            old.unlink()
        items = unique(items)
        for i, data in enumerate(items):
            (directory / f"seed-{i:03d}").write_bytes(data)
        print(f"{target}: {len(items)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
