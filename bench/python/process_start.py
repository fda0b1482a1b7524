"""CPython baseline: start + join of a trivial multiprocessing.Process, per start method.

Prints one JSON object per line: {"name": ..., "median_ms": ..., "p90_ms": ..., "n": ...}.
Usage: python3 process_start.py [--seconds S] [--methods spawn,forkserver,fork]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import time


def noop():
    pass


def measure(method, seconds):
    ctx = mp.get_context(method)
    for _ in range(3):  # warm-up: forkserver starts its server on first use
        p = ctx.Process(target=noop)
        p.start()
        p.join()
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 10:
        t0 = time.perf_counter()
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {
        "name": "python.process_start." + method,
        "median_ms": statistics.median(samples),
        "p90_ms": samples[int(len(samples) * 0.9) - 1],
        "n": len(samples),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--methods", default="spawn,forkserver,fork", help="comma-separated start methods")
    args = parser.parse_args()
    for method in args.methods.split(","):
        print(json.dumps(measure(method, args.seconds)), flush=True)
