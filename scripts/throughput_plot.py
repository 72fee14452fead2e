"""Draws scripts/throughput.sh's PNG from e2e/bin/throughput.js's JSON: included per second by
kind, and each block's fullness (ref_time, proof, length of the normal class) over the run.

    python throughput_plot.py <throughput.json> <out.png>
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(source, target):
    with open(source) as f:
        run = json.load(f)
    results = run["results"]
    timeline = run["timeline"]
    fig, (rates, fill) = plt.subplots(2, 1, figsize=(11, 9), gridspec_kw={"height_ratios": [1, 1.2]})

    kinds = [r["kind"] for r in results]
    # What the fullest block admits per second of block time, else (a phase that fit one block,
    # marked *) the phase's own rate, a lower bound.
    per_second = [r["sustainedPerSecond"] or r["perSecond"] for r in results]
    bars = rates.barh(kinds[::-1], per_second[::-1], color="#3b7dd8")
    for bar, r, rate in zip(bars, results[::-1], per_second[::-1]):
        rates.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                   f" {rate:.0f}/s{'' if r['sustainedPerSecond'] else '*'} ({r['ratioToTransfers']:.2f}× transfers)",
                   va="center", fontsize=9)
    rates.set_xlabel(f"included per second: the fullest block per {run['blockTimeMs'] / 1000:g} s of block time "
                     "(* one block held them all: a lower bound)")
    rates.set_xlim(0, max(per_second) * 1.35)
    rates.set_title(f"Caduceus dev chain, {run['blockTimeMs'] / 1000:g} s blocks, {run['count']} accounts per kind, "
                    f"pre-signed ({run['date'][:10]})", fontsize=11)

    start = timeline[0]["time"]
    t = [(b["time"] - start) / 1000 for b in timeline]
    for key, label, colour in (("refTime", "ref_time", "#d8553b"), ("proof", "proof size", "#3bb273"),
                               ("length", "length", "#7d3bd8")):
        fill.plot(t, [b[key] * 100 for b in timeline], label=label, color=colour, linewidth=1.2)
    # Each measured phase's span, labelled.
    for r in results:
        spans = [b for b in timeline if r["firstBlock"] <= b["number"] <= r["lastBlock"]]
        if not spans:
            continue
        left = (spans[0]["time"] - start) / 1000 - run["blockTimeMs"] / 1000
        right = (spans[-1]["time"] - start) / 1000
        fill.axvspan(left, right, color="#cccccc", alpha=0.35)
        fill.text((left + right) / 2, 103, r["kind"].replace(" (again)", "²"), rotation=90, ha="center",
                  va="bottom", fontsize=7)
    fill.set_ylim(0, 135)
    fill.set_ylabel("% of the normal-class block limit")
    fill.set_xlabel("seconds since the node's first block (grey: measured phases; the rest is setup)")
    fill.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    main(*sys.argv[1:])
