#!/usr/bin/env python3
"""Seconds from starting `caduceus-node --dev --tmp` to its block #1 (docs/building.md).

    scripts/dev-start-time.py [runs]        default: 3 runs, one line each, then the median

Each run starts a new node on a free RPC port, polls `chain_getHeader` every 0.2 s from the
moment the process starts, and stops the node once block #1 is imported. The node binary is
$CADUCEUS_NODE, else the dev build in $CARGO_TARGET_DIR (default ~/.cache/caduceus/target).
The raw dev spec cache (~/.cache/caduceus/chain-specs) is used as a user's second start would:
an uncounted warm-up start comes first, which writes it when this runtime has none (slower).
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

TIMEOUT_S = 300


def node_binary():
    if os.environ.get("CADUCEUS_NODE"):
        return os.environ["CADUCEUS_NODE"]
    target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/caduceus/target"))
    return os.path.join(target, "debug", "caduceus-node")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def best_block(port):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_getHeader", "params": []}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=2) as response:
        return int(json.load(response)["result"]["number"], 16)


def stop(node):
    if node.poll() is None:
        node.terminate()
        try:
            node.wait(timeout=30)
        except subprocess.TimeoutExpired:
            node.kill()
            node.wait()


def one_start(binary):
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="caduceus-start-", suffix=".log", delete=False)
    started = time.monotonic()
    node = subprocess.Popen(
        [binary, "--dev", "--tmp", "--rpc-port", str(port), "--no-prometheus", "--no-mdns"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        while time.monotonic() - started < TIMEOUT_S:
            if node.poll() is not None:
                sys.exit(f"dev-start-time: the node exited with {node.returncode}; log: {log.name}")
            try:
                if best_block(port) >= 1:
                    elapsed = time.monotonic() - started
                    stop(node)
                    os.unlink(log.name)
                    return elapsed
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.2)
        sys.exit(f"dev-start-time: no block #1 within {TIMEOUT_S} s; log: {log.name}")
    finally:
        stop(node)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    binary = node_binary()
    if not os.access(binary, os.X_OK):
        sys.exit(f"dev-start-time: no node at {binary}; build it with scripts/test.sh or cargo build")
    # Not counted: it writes the raw dev spec cache if this runtime has none yet.
    print(f"warm-up start: block #1 after {one_start(binary):.1f} s", flush=True)
    times = []
    for run in range(1, runs + 1):
        times.append(one_start(binary))
        print(f"run {run}: block #1 after {times[-1]:.1f} s", flush=True)
    print(f"median of {runs}: {statistics.median(times):.1f} s")


if __name__ == "__main__":
    main()
