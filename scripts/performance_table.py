#!/usr/bin/env python3
"""Turns a `benchmark pallet --json-file` of pallet_balances and Caduceus pallets into the
markdown table of docs/performance.md.

Each extrinsic is shown at its worst case: every component at its highest benchmarked value.
Time is the median over the repeats; proof size is the storage proof the run recorded.
"""
import json
import statistics
import sys

# Normal extrinsics may use 75 % of a block's 2 s of execution and of its 10 MiB proof budget
# (NORMAL_DISPATCH_RATIO and MAXIMUM_BLOCK_WEIGHT in runtime/src/lib.rs).
NORMAL_REF_TIME_NS = 0.75 * 2e9
NORMAL_PROOF_BYTES = 0.75 * 10 * 1024 * 1024


def worst_case(results):
    """Median time and largest proof at the highest value of every component."""
    if not results:
        return None
    top = max(tuple(v for _, v in r["components"]) for r in results)
    at_top = [r for r in results if tuple(v for _, v in r["components"]) == top]
    names = [n for n, _ in at_top[0]["components"]]
    time_ns = statistics.median(r["extrinsic_time"] for r in at_top)
    proof = max(r["proof_size"] for r in at_top)
    return dict(zip(names, top)), time_ns, proof


def main(path):
    with open(path) as f:
        batches = json.load(f)
    rows = {}
    for b in batches:
        time = worst_case(b["time_results"])
        db = worst_case(b["db_results"])
        if time is None:
            continue
        components, time_ns, proof = time
        if db is not None:
            proof = max(proof, db[2])
        rows[(b["pallet"], b["benchmark"])] = (components, time_ns, proof)
    transfer = rows.get(("pallet_balances", "transfer_keep_alive"))
    if transfer is None:
        sys.exit("performance: no pallet_balances::transfer_keep_alive in " + path)
    base_ns = transfer[1]
    print("| extrinsic | worst case | ref_time (µs) | × transfer_keep_alive | proof size (bytes) | per block by ref_time | per block by proof |")
    print("|---|---|---:|---:|---:|---:|---:|")
    ordered = [("pallet_balances", "transfer_keep_alive")] + sorted(k for k in rows if k[0] != "pallet_balances")
    for key in ordered:
        components, time_ns, proof = rows[key]
        case = ", ".join(f"{n} = {v}" for n, v in components.items()) or "—"
        per_time = int(NORMAL_REF_TIME_NS // time_ns) if time_ns else 0
        per_proof = int(NORMAL_PROOF_BYTES // proof) if proof else "—"
        print(
            f"| {key[0]}::{key[1]} | {case} | {time_ns / 1000:.1f} | {time_ns / base_ns:.2f} | "
            f"{proof} | {per_time} | {per_proof} |"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/performance/pallets.json")
