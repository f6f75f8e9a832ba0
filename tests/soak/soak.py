"""Concurrency soak of the Python binding.

8 threads each mint and verify cached entry-viewing tokens in a loop, with
inputs that vary per thread and iteration. Every token must equal, byte for
byte, the one a plain hashlib/base64 implementation of the format computed
beforehand, and every verification must give back the inputs. The process's
resident memory, measured after a warm-up and again at the end, must not grow.

usage: soak.py VECTOR_FILE   (SOAK_PY_ITERATIONS: iterations per thread, default 200000)
"""

import base64
import hashlib
import json
import os
import sys
import threading
import time

import ksession

THREADS = 8
CLASSES = 8
WARMUP_ITERATIONS = 20000
# Allocator and interpreter noise; a leak of even 8 bytes per call is far above it.
RSS_SLACK = 4 * 1024 * 1024
SECRET = b"soak-secret-0123456789abcdef"


def reference_token(secret, partner_id, entry_id, user_id, expiry, cache, custom, now, url_safe):
    """The format (ks-format.md 1.1), written independently of the library."""
    rounded = now + (cache - now % cache)
    privileges = "sview:%s,setrole:PLAYBACK_BASE_ROLE,widget:1" % entry_id
    info = "%d;%d;%d;0;%d;%s;%s;;%s" % (partner_id, partner_id, rounded + expiry, rounded, user_id, privileges, custom)
    signature = hashlib.sha1(secret + info.encode()).hexdigest()
    token = base64.b64encode(("%s|%s" % (signature, info)).encode()).decode()
    if url_safe:
        token = token.replace("+", "-").replace("/", "_")
    return token


def input_class(t, c):
    """The inputs of class c of thread t and what they must produce."""
    k = {
        "partner_id": 3000000 + t,
        "entry_id": "0_t%dc%d%s" % (t, c, "abcdefgh"[:c]),
        "user_id": "" if c == 0 else "user%d-%d@example.com" % (t, c),
        "expiry": 600 + 60 * c,
        "cache": 600 if c % 4 == 3 else 60,
        "custom": "" if c % 3 == 0 else "tenant:%d,plan:%d" % (t, c),
        "url_safe": c % 2 == 1,
        "window_start": 1700002800 + (t * CLASSES + c) * 3600,
    }
    k["token"] = reference_token(
        SECRET, k["partner_id"], k["entry_id"], k["user_id"], k["expiry"], k["cache"], k["custom"],
        k["window_start"], k["url_safe"],
    )
    k["valid_until"] = k["window_start"] + k["cache"] + k["expiry"]
    k["privileges"] = "sview:%s,setrole:PLAYBACK_BASE_ROLE,widget:1" % k["entry_id"]
    return k


def check_reference(path):
    """The hashlib/base64 implementation reproduces the vector file's tokens."""
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    checked = 0
    for c in cases:
        if c["op"] != "cached_entry_viewing_session" or "token" not in c:
            continue
        got = reference_token(
            c["admin_secret"].encode(), c["partner_id"], c["entry_id"], c["user_id"], c["expiry"], c["cache"],
            c["custom"], c["now"], c["url_safe"],
        )
        if got != c["token"]:
            sys.exit("reference differs from the vector file in case %r" % c["name"])
        checked += 1
    if checked == 0:
        sys.exit("%s: no cached_entry_viewing_session case" % path)
    print("vectors: the hashlib/base64 reference reproduces %d tokens" % checked)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def worker(t, iterations, secret, classes, failures, reports):
    bad = 0
    for i in range(iterations):
        k = classes[i % CLASSES]
        now = k["window_start"] + (i // CLASSES) % k["cache"]  # any second of the window: the same token
        try:
            token = ksession.generate_cached_entry_viewing_session(
                secret, k["user_id"], k["entry_id"], k["partner_id"], expiry=k["expiry"], cache=k["cache"],
                custom=k["custom"], now=now, url_safe=k["url_safe"],
            )
            if token != k["token"]:
                wrong = "token differs from the reference"
            else:
                ks = ksession.verify(token, secret, now=now)
                wrong = None
                if (ks.partner_id, ks.user_id, ks.valid_until, ks.privileges, ks.additional_data, ks.type) != (
                    k["partner_id"], k["user_id"], k["valid_until"], k["privileges"], k["custom"],
                    ksession.SessionType.USER,
                ):
                    wrong = "decoded fields differ from the inputs: %r" % (ks,)
        except ksession.KsError as err:
            wrong = "%s: %s" % (type(err).__name__, err)
        if wrong:
            bad += 1
            if len(reports) < 20:
                reports.append("thread %d iteration %d: %s" % (t, i, wrong))
    failures[t] = bad


def run(iterations, secret, classes):
    failures = [0] * THREADS
    reports = []
    threads = [
        threading.Thread(target=worker, args=(t, iterations, secret, classes[t], failures, reports))
        for t in range(THREADS)
    ]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - start
    for line in reports:
        print("MISMATCH " + line, file=sys.stderr)
    return sum(failures), elapsed


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    iterations = int(os.environ.get("SOAK_PY_ITERATIONS", "200000"))
    if iterations <= 0:
        sys.exit("SOAK_PY_ITERATIONS must be positive")
    check_reference(sys.argv[1])
    secret = ksession.AdminSecret(SECRET)
    classes = [[input_class(t, c) for c in range(CLASSES)] for t in range(THREADS)]

    warmup_failed, _ = run(min(iterations, WARMUP_ITERATIONS), secret, classes)
    rss_before = rss_bytes()
    failed, elapsed = run(iterations, secret, classes)
    rss_after = rss_bytes()

    total = THREADS * iterations
    growth = rss_after - rss_before
    print(
        "%d threads x %d iterations: %d operations (generate + verify) in %.2f s, %.0f ops/s"
        % (THREADS, iterations, total, elapsed, total / elapsed)
    )
    print(
        "RSS after warm-up %.1f MiB, after soak %.1f MiB, growth %+d KiB (allowed %d KiB)"
        % (rss_before / 2**20, rss_after / 2**20, growth // 1024, RSS_SLACK // 1024)
    )
    failed += warmup_failed
    print("%d mismatches" % failed)
    grew = growth > RSS_SLACK
    if grew:
        print("RSS grew by %d bytes during the soak" % growth, file=sys.stderr)
    print("%d passed, %d failed" % (total - failed, failed))
    sys.exit(1 if failed or grew else 0)


if __name__ == "__main__":
    main()
