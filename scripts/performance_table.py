#!/usr/bin/env python3
"""Turns `benchmark pallet --json-file` results of pallet_balances and Caduceus pallets (one file
or several: scripts/performance.sh's, or scripts/benchmark.sh's per pallet) into the markdown
table of docs/performance.md.

Each extrinsic is shown at its worst case: every component at its highest benchmarked value.
Time is the median over the repeats; proof size is the storage proof the run recorded.
"""
import json
import os
import re
import statistics
import sys

# Normal extrinsics may use 75 % of a block's 2 s of execution and of its 10 MiB proof budget
# (NORMAL_DISPATCH_RATIO and MAXIMUM_BLOCK_WEIGHT in runtime/src/lib.rs).
NORMAL_REF_TIME_NS = 0.75 * 2e9
NORMAL_PROOF_BYTES = 0.75 * 10 * 1024 * 1024
WEIGHTS = os.path.join(os.path.dirname(__file__), "..", "runtime", "src", "weights")


def db_weights_ns():
    """What the runtime charges per database read and write on top of the measured time: its
    `DbWeight` (runtime/src/weights/rocksdb_weights.rs, from `scripts/benchmark.sh storage`),
    else frame-support's RocksDbWeight (25 and 100 µs)."""
    try:
        with open(os.path.join(WEIGHTS, "rocksdb_weights.rs")) as f:
            text = f.read()
        read = re.search(r"read: ([0-9_]+) \* constants::WEIGHT_REF_TIME_PER_NANOS", text)
        write = re.search(r"write: ([0-9_]+) \* constants::WEIGHT_REF_TIME_PER_NANOS", text)
        return int(read.group(1).replace("_", "")), int(write.group(1).replace("_", "")), "measured"
    except (OSError, AttributeError):
        return 25_000, 100_000, "frame-support's default"


def extrinsic_base_ns():
    """The measured base weight of every extrinsic (runtime/src/weights/extrinsic_weights.rs,
    from `scripts/benchmark.sh overhead`), else frame-support's default of 125 µs."""
    path = os.path.join(WEIGHTS, "extrinsic_weights.rs")
    try:
        with open(path) as f:
            found = re.search(r"WEIGHT_REF_TIME_PER_NANOS\.saturating_mul\(([0-9_]+)\)", f.read())
        return int(found.group(1).replace("_", "")), "measured"
    except (OSError, AttributeError):
        return 125_000, "frame-support's default"


# What every signed extrinsic pays besides its call: the runtime's transaction extensions
# (`TxExtension` in runtime/src/lib.rs), as their weight files charge them, for an immortal
# transaction (what scripts/throughput.sh submits). `CheckMetadataHash` weighs nothing.
EXTENSIONS = [
    ("frame_system_extensions.rs", name)
    for name in ("check_non_zero_sender", "check_spec_version", "check_tx_version", "check_genesis",
                 "check_mortality_immortal_transaction", "check_nonce", "check_weight")
] + [("pallet_transaction_payment.rs", "charge_transaction_payment"),
     ("cumulus_pallet_weight_reclaim.rs", "storage_weight_reclaim")]


def extensions_ns(read_ns, write_ns):
    """The ref_time of `EXTENSIONS`, from their weight files: each function's base time plus its
    reads and writes at the runtime's database weights."""
    total = 0
    for file, name in EXTENSIONS:
        with open(os.path.join(WEIGHTS, file)) as f:
            body = re.search(r"fn " + name + r"\(\) -> Weight \{(.*?)\n\t\}", f.read(), re.S)
        if body is None:
            sys.exit(f"performance: no {name} in runtime/src/weights/{file}")
        text = body.group(1)
        # Weight files give ref_time in picoseconds.
        total += int(re.search(r"Weight::from_parts\(([0-9_]+),", text).group(1).replace("_", "")) / 1000
        for count, per in ((r"reads\(([0-9]+)\)", read_ns), (r"writes\(([0-9]+)\)", write_ns)):
            found = re.search(count, text)
            total += int(found.group(1)) * per if found else 0
    return total


def worst_case(results):
    """At the highest value of every component: median time, largest proof, and the most reads
    and writes of distinct keys (what the weight files charge; repeated reads hit the overlay)."""
    if not results:
        return None
    top = max(tuple(v for _, v in r["components"]) for r in results)
    at_top = [r for r in results if tuple(v for _, v in r["components"]) == top]
    names = [n for n, _ in at_top[0]["components"]]
    time_ns = statistics.median(r["extrinsic_time"] for r in at_top)
    proof = max(r["proof_size"] for r in at_top)
    reads = max(r["reads"] for r in at_top)
    writes = max(r["writes"] for r in at_top)
    return dict(zip(names, top)), time_ns, proof, reads, writes


def main(paths):
    batches = []
    for path in paths:
        with open(path) as f:
            batches.extend(json.load(f))
    rows = {}
    for b in batches:
        time = worst_case(b["time_results"])
        db = worst_case(b["db_results"])
        if time is None:
            continue
        components, time_ns, proof, _, _ = time
        reads = writes = 0
        if db is not None:
            proof = max(proof, db[2])
            reads, writes = db[3], db[4]
        rows[(b["pallet"], b["benchmark"])] = (components, time_ns, proof, reads, writes)
    transfer = rows.get(("pallet_balances", "transfer_keep_alive"))
    if transfer is None:
        sys.exit("performance: no pallet_balances::transfer_keep_alive in " + ", ".join(paths))
    base_ns = transfer[1]
    extrinsic_ns, extrinsic_source = extrinsic_base_ns()
    read_ns, write_ns, db_source = db_weights_ns()
    extensions = extensions_ns(read_ns, write_ns)
    print(f"Charged = measured time + {read_ns / 1000:.1f} µs per read + {write_ns / 1000:.1f} µs per write "
          f"({db_source}) + the extrinsic base weight ({extrinsic_ns / 1000:.1f} µs, {extrinsic_source}). "
          f"Signed = charged + the transaction extensions ({extensions / 1000:.1f} µs, their weight files).")
    print()
    print("| extrinsic | worst case | time (µs) | × transfer_keep_alive | reads / writes | charged ref_time (µs) "
          "| signed ref_time (µs) | proof (bytes) | per block by signed ref_time | per block by proof |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ordered = [("pallet_balances", "transfer_keep_alive")] + sorted(k for k in rows if k[0] != "pallet_balances")
    for key in ordered:
        components, time_ns, proof, reads, writes = rows[key]
        case = ", ".join(f"{n} = {v}" for n, v in components.items()) or "—"
        charged_ns = time_ns + reads * read_ns + writes * write_ns + extrinsic_ns
        per_time = int(NORMAL_REF_TIME_NS // (charged_ns + extensions))
        per_proof = int(NORMAL_PROOF_BYTES // proof) if proof else "—"
        print(
            f"| {key[0]}::{key[1]} | {case} | {time_ns / 1000:.1f} | {time_ns / base_ns:.2f} | "
            f"{reads} / {writes} | {charged_ns / 1000:.1f} | {(charged_ns + extensions) / 1000:.1f} | {proof} | "
            f"{per_time} | {per_proof} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["target/performance/pallets.json"])
