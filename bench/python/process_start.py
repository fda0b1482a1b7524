"""CPython baseline: start + join of a trivial multiprocessing.Process, per start method.

Prints one JSON object per line: {"name": ..., "median_ms": ..., "p90_ms": ..., "n": ...}.
Usage: python3 process_start.py [--seconds S] [--methods spawn,forkserver,fork]

With --serve METHOD it measures one start+join per line "go" read from stdin and answers with
its milliseconds, so that another program can alternate these starts with its own
(bench/src/.../ColdStartPaired.java): both sides then see the same state of the machine.
"""
import argparse
import json
import multiprocessing as mp
import statistics
import sys
import time


def noop():
    pass


def start_and_join(ctx):
    """One start+join of a trivial process; returns its milliseconds."""
    t0 = time.perf_counter()
    p = ctx.Process(target=noop)
    p.start()
    p.join()
    return (time.perf_counter() - t0) * 1000


def warmed_up(method):
    ctx = mp.get_context(method)
    for _ in range(3):  # warm-up: forkserver starts its server on first use
        start_and_join(ctx)
    return ctx


def measure(method, seconds):
    ctx = warmed_up(method)
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 10:
        samples.append(start_and_join(ctx))
    samples.sort()
    return {
        "name": "python.process_start." + method,
        "median_ms": statistics.median(samples),
        "p90_ms": samples[int(len(samples) * 0.9) - 1],
        "n": len(samples),
    }


def serve(method):
    ctx = warmed_up(method)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        print("%.4f" % start_and_join(ctx), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--methods", default="spawn,forkserver,fork", help="comma-separated start methods")
    parser.add_argument("--serve", metavar="METHOD", help="answer each line 'go' on stdin with one start+join's ms")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        sys.exit(0)
    for method in args.methods.split(","):
        print(json.dumps(measure(method, args.seconds)), flush=True)
