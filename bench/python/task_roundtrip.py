"""CPython baseline: round trip of a tiny task to one worker process and back.

ProcessPoolExecutor(1).submit(f).result() and Pool(1).apply(f), sequentially, one at a time.
Prints one JSON object per line: {"name": ..., "median_us": ..., "p90_us": ..., "n": ...}.
Usage: python3 task_roundtrip.py [--seconds S]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import time
from concurrent.futures import ProcessPoolExecutor


def answer():
    return 42


def sample(call, seconds):
    for _ in range(200):
        call()
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1], len(samples)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with ProcessPoolExecutor(1) as pool:
        median, p90, n = sample(lambda: pool.submit(answer).result(), args.seconds)
        print(json.dumps({"name": "python.roundtrip.ProcessPoolExecutor", "median_us": median, "p90_us": p90, "n": n}), flush=True)
    with mp.Pool(1) as pool:
        median, p90, n = sample(lambda: pool.apply(answer), args.seconds)
        print(json.dumps({"name": "python.roundtrip.Pool.apply", "median_us": median, "p90_us": p90, "n": n}), flush=True)
