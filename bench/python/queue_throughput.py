"""CPython baseline: throughput of multiprocessing.Queue (and SimpleQueue) between processes.

All processes are started with the "spawn" start method (mp.get_context("spawn")); the start
method does not matter once the processes run, and spawn is the default on macOS/Windows.
Every run starts fresh producer and consumer processes, which wait at a Barrier; timing runs
from the first producer passing the barrier to the last consumer taking its None sentinel
(time.monotonic(), CLOCK_MONOTONIC, is comparable across processes), so process start is not
timed. A short probe run picks n (messages per run) so that one run takes about --seconds / 5;
runs then repeat until --seconds are used (at least 3).

- python.queue.1to1:       1 producer, 1 consumer, Queue, small ints
- python.queue.4to4:       4 producers, 4 consumers on one Queue, small ints (total msgs/s)
- python.queue.1mib:       1 producer, 1 consumer, Queue, 1 MiB bytes objects
- python.simplequeue.1to1: 1 producer, 1 consumer, SimpleQueue (no feeder thread), small ints

Prints one JSON object per line: {"name": ..., "median_msgs_per_s": ..., "runs": ..., "n": ...}
(the 1 MiB case reports "median_mib_per_s" instead).
Usage: python3 queue_throughput.py [--seconds S]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import time

MIB = 1 << 20


def producer(q, barrier, results, count, payload):
    barrier.wait()
    start = time.monotonic()
    if payload is None:
        for i in range(count):
            q.put(i)
    else:
        for _ in range(count):
            q.put(payload)  # same object each time: pickled afresh per put, no memory build-up
    q.put(None)  # one sentinel per producer; there are as many consumers as producers
    results.put(("start", start, 0))
    # Queue.put returns before the data is written (feeder thread); the process exit waits for it


def consumer(q, barrier, results):
    barrier.wait()
    got = 0
    while q.get() is not None:
        got += 1
    results.put(("end", time.monotonic(), got))


def one_run(ctx, kind, pairs, n, payload):
    q = ctx.SimpleQueue() if kind == "simple" else ctx.Queue()
    results = ctx.Queue()
    barrier = ctx.Barrier(2 * pairs)
    per = [n // pairs + (1 if i < n % pairs else 0) for i in range(pairs)]
    procs = [ctx.Process(target=producer, args=(q, barrier, results, c, payload)) for c in per]
    procs += [ctx.Process(target=consumer, args=(q, barrier, results)) for _ in range(pairs)]
    for p in procs:
        p.start()
    rows = [results.get() for _ in procs]
    for p in procs:
        p.join()
    got = sum(r[2] for r in rows)
    assert got == n, "consumed %d of %d" % (got, n)
    start = min(r[1] for r in rows if r[0] == "start")
    end = max(r[1] for r in rows if r[0] == "end")
    return end - start


def measure(name, kind, pairs, payload, seconds, probe_n):
    ctx = mp.get_context("spawn")
    rate = probe_n / one_run(ctx, kind, pairs, probe_n, payload)  # warm-up and calibration
    n = max(probe_n, int(rate * seconds / 5))
    rates = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(rates) < 3:
        rates.append(n / one_run(ctx, kind, pairs, n, payload))
    median = statistics.median(rates)
    if payload is None:
        return {"name": name, "median_msgs_per_s": median, "runs": len(rates), "n": n}
    return {"name": name, "median_mib_per_s": median * len(payload) / MIB, "runs": len(rates), "n": n}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    cases = [
        ("python.queue.1to1", "queue", 1, None, 20_000),
        ("python.queue.4to4", "queue", 4, None, 20_000),
        ("python.queue.1mib", "queue", 1, b"x" * MIB, 64),
        ("python.simplequeue.1to1", "simple", 1, None, 20_000),
    ]
    for name, kind, pairs, payload, probe_n in cases:
        print(json.dumps(measure(name, kind, pairs, payload, args.seconds, probe_n)), flush=True)
