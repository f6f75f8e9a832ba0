"""Prints the C ABI's time per token next to the core's, from the last run of
`cargo bench -p ksession-ffi --bench ffi` (criterion's estimates.json files).

usage: python3 ffi/benches/ratios.py TARGET_DIR/criterion
"""

import json
import pathlib
import sys

# (C call, core call doing the same job)
PAIRS = [
    ("C: ksession_signer_generate_cached_entry_viewing_session", "core: generate_cached_entry_viewing_session"),
    ("C: ksession_generate_cached_entry_viewing_session", "core: AdminSecret::new + generate_cached_entry_viewing_session"),
    ("C: ksession_signer_verify + ksession_ks_free", "core: verify"),
]
TARGET = 1.1


def main() -> int:
    root = pathlib.Path(sys.argv[1]) / "ffi"
    times = {}
    for meta in root.glob("*/new/benchmark.json"):
        function_id = json.loads(meta.read_text())["function_id"]
        estimates = json.loads((meta.parent / "estimates.json").read_text())
        times[function_id] = estimates["median"]["point_estimate"]
    missing = [name for pair in PAIRS for name in pair if name not in times]
    if missing:
        print(f"no results for {missing} under {root}", file=sys.stderr)
        return 1
    print(f"C ABI / core, median time per call (target <= {TARGET}x):")
    for c_call, core_call in PAIRS:
        ratio = times[c_call] / times[core_call]
        print(f"  {ratio:5.3f}x  {c_call} {times[c_call]:8.1f} ns  vs  {core_call} {times[core_call]:8.1f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
