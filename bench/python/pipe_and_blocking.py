"""CPython baseline: Pipe round trip, and the CPU a consumer burns while blocked on Queue.get().

Processes are started with the "spawn" start method (mp.get_context("spawn")).

- python.pipe.pingpong: mp.Pipe() (duplex); a child echoes every message back; the parent does
  conn.send(i); conn.recv() one at a time, each round trip timed with time.perf_counter().
  Prints {"name": ..., "median_us": ..., "p90_us": ..., "n": ...}.
- python.queue.blocked_consumer_cpu: a child blocks in q.get() on an empty multiprocessing.Queue
  for --blocked-seconds until the parent puts one item; the child measures its own CPU time
  (user + sys, resource.getrusage(RUSAGE_SELF), all its threads) across the get().
  Prints {"name": ..., "cpu_ms": ..., "blocked_s": ...}.

Usage: python3 pipe_and_blocking.py [--seconds S] [--blocked-seconds B]
"""
import argparse
import json
import multiprocessing as mp
import resource
import statistics
import time


def echo(conn):
    while True:
        message = conn.recv()
        if message is None:
            break
        conn.send(message)


def pingpong(ctx, seconds):
    parent, child = ctx.Pipe()
    p = ctx.Process(target=echo, args=(child,))
    p.start()
    child.close()
    for i in range(200):
        parent.send(i)
        parent.recv()
    samples = []
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        parent.send(i)
        parent.recv()
        samples.append((time.perf_counter() - t0) * 1e6)
        i += 1
    parent.send(None)
    p.join()
    samples.sort()
    return {"name": "python.pipe.pingpong", "median_us": statistics.median(samples),
            "p90_us": samples[int(len(samples) * 0.9) - 1], "n": len(samples)}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def blocked_consumer(q, ready, report):
    q.get()  # warm-up item: the get path (lock, pipe, unpickling) has run once before timing
    ready.set()
    cpu0, t0 = cpu_seconds(), time.monotonic()
    q.get()
    cpu1, t1 = cpu_seconds(), time.monotonic()
    report.send((cpu1 - cpu0, t1 - t0))


def blocked_cpu(ctx, blocked_seconds):
    q = ctx.Queue()
    ready = ctx.Event()
    receiver, sender = ctx.Pipe(duplex=False)
    p = ctx.Process(target=blocked_consumer, args=(q, ready, sender))
    p.start()
    q.put("warm")
    ready.wait()
    time.sleep(blocked_seconds)
    q.put("wake")
    cpu, wall = receiver.recv()
    p.join()
    return {"name": "python.queue.blocked_consumer_cpu", "cpu_ms": cpu * 1000, "blocked_s": wall}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--blocked-seconds", type=float, default=10.0)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    print(json.dumps(pingpong(ctx, args.seconds)), flush=True)
    print(json.dumps(blocked_cpu(ctx, args.blocked_seconds)), flush=True)
