"""Prints the core's ratios from the last `cargo bench -p ksession --bench ksession`
(criterion's estimates.json files): a token next to SHA-1 alone of the same
bytes, verify next to generate, v2 next to v1, and a signature wrong in its
first byte next to one wrong in its last (constant-time comparison).

usage: python3 core/benches/ratios.py TARGET_DIR/criterion
"""

import json
import pathlib
import sys

# (what, measured, against, target or None)
RATIOS = [
    ("cached entry token / SHA-1 alone", "v1/generate_cached_entry_viewing_session", "v1/sha1 of secret||info (baseline)", 1.5),
    ("verify / generate", "v1/verify", "v1/generate_cached_entry_viewing_session", 1.2),
    ("cached v2 token / cached v1 token", "v2/generate_cached_entry_viewing_session_v2", "v1/generate_cached_entry_viewing_session", 2.0),
    ("v2 verify / v1 verify", "v2/verify", "v1/verify", 2.0),
    ("bad signature, last byte / first byte", "v1/verify, signature wrong in its last byte", "v1/verify, signature wrong in its first byte", None),
]


def main() -> int:
    times = {}
    for meta in pathlib.Path(sys.argv[1]).glob("v[12]/*/new/benchmark.json"):
        info = json.loads(meta.read_text())
        estimates = json.loads((meta.parent / "estimates.json").read_text())
        times[f'{info["group_id"]}/{info["function_id"]}'] = estimates["median"]["point_estimate"]
    print("core ratios (median time per call, one run):")
    for what, measured, against, target in RATIOS:
        if measured not in times or against not in times:
            print(f"  no results for {what}", file=sys.stderr)
            return 1
        ratio = times[measured] / times[against]
        goal = f" (target <= {target}x)" if target else ""
        print(f"  {ratio:5.2f}x  {what}: {times[measured]:.0f} ns vs {times[against]:.0f} ns{goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
