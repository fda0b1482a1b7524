"""CPython baseline: asyncio (issue: coroutines).

Every case runs on one asyncio event loop (asyncio.run), as multitask's run on one event loop.
The throughput cases repeat whole runs: warm-up runs first (their count grows until one lasts
--seconds / 20), then measured runs until --seconds are used (at least 3). Figures are medians
over the measured runs, per operation. multitask's counterparts: bench/src/.../CoroutineBenchmark
(JMH) and CoroutineSleepers (outside JMH).

- python.coro.spawn_join: a run creates 100 000 tasks of a coroutine that returns at once
  (asyncio.create_task) and awaits asyncio.gather of them. {"median_ns": per task}
- python.coro.queue_pingpong: two tasks pass a number back and forth through two asyncio.Queue()s,
  10 000 round trips per run. {"median_us": per round trip}
- python.coro.lock_in_turn: the main task holds an asyncio.Lock, creates 10 000 tasks that each
  `async with lock: count += 1`, lets them all queue up (await asyncio.sleep(0)), releases the lock
  and gathers them. {"median_ns": per hand-over}
- python.coro.sleepers: in a fresh interpreter (this script with --sleepers-child), N tasks (default
  1 000 000) that each `await asyncio.sleep(1)`, created with create_task and awaited with gather.
  {"median_ms": wall time from the first create_task to gather's return, "peak_rss_mib": the
  child's ru_maxrss, "n"}; one sample per --sleeper-samples (default 1), the median of them; 0
  skips them. bench/run does so and measures the child (--sleepers-child N, which prints
  {"wall_s", "peak_rss_mib"}) in turn with ours instead: PairedRuns' pair "sleepers".

Prints one JSON object per line, as the other scripts.
Usage: python3 coroutines.py [--seconds S] [--sleepers N] [--sleeper-samples K]
"""
import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time

SPAWNS = 100_000
ROUND_TRIPS = 10_000
LOCKERS = 10_000


async def nothing():
    return 0


async def spawn_join():
    tasks = [asyncio.create_task(nothing()) for _ in range(SPAWNS)]
    await asyncio.gather(*tasks)


async def ping_pong():
    ping, pong = asyncio.Queue(), asyncio.Queue()

    async def echo():
        for _ in range(ROUND_TRIPS):
            await pong.put(await ping.get())

    task = asyncio.create_task(echo())
    total = 0
    for i in range(ROUND_TRIPS):
        await ping.put(i)
        total += await pong.get()
    await task
    return total


async def lock_in_turn():
    lock = asyncio.Lock()
    count = 0

    async def locker():
        nonlocal count
        async with lock:
            count += 1

    await lock.acquire()
    tasks = [asyncio.create_task(locker()) for _ in range(LOCKERS)]
    await asyncio.sleep(0)  # every locker runs to its acquire and queues up
    lock.release()
    await asyncio.gather(*tasks)
    assert count == LOCKERS


def timed(case):
    t0 = time.perf_counter()
    asyncio.run(case())
    return time.perf_counter() - t0


def measure(case, seconds):
    """Median seconds per run: warm-up until a run is a twentieth of the budget, then runs."""
    budget_end = time.perf_counter() + seconds
    for _ in range(3):
        timed(case)
    runs = []
    while len(runs) < 3 or time.perf_counter() < budget_end:
        runs.append(timed(case))
    return statistics.median(runs)


def sleepers_child(n):
    async def sleeper():
        await asyncio.sleep(1)

    async def main():
        await asyncio.gather(*[asyncio.create_task(sleeper()) for _ in range(n)])

    t0 = time.perf_counter()
    asyncio.run(main())
    wall = time.perf_counter() - t0
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is KiB on Linux
    print(json.dumps({"wall_s": wall, "peak_rss_mib": rss_mib}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--sleepers", type=int, default=1_000_000)
    parser.add_argument("--sleeper-samples", type=int, default=1)
    parser.add_argument("--sleepers-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    if args.sleepers_child:
        sleepers_child(args.sleepers_child)
        return
    cases = [("python.coro.spawn_join", spawn_join, SPAWNS, "median_ns", 1e9),
             ("python.coro.queue_pingpong", ping_pong, ROUND_TRIPS, "median_us", 1e6),
             ("python.coro.lock_in_turn", lock_in_turn, LOCKERS, "median_ns", 1e9)]
    for name, case, ops, key, scale in cases:
        if args.only and args.only not in name:
            continue
        per_op = measure(case, args.seconds) / ops
        print(json.dumps({"name": name, key: per_op * scale}), flush=True)
    if args.only and args.only not in "python.coro.sleepers" or args.sleeper_samples == 0:
        return  # (bench/run measures the sleepers in turn with ours: PairedRuns' pair "sleepers")
    samples = []
    for _ in range(args.sleeper_samples):
        out = subprocess.run([sys.executable, __file__, "--sleepers-child", str(args.sleepers)],
                             capture_output=True, text=True, check=True).stdout
        samples.append(json.loads(out))
    print(json.dumps({"name": "python.coro.sleepers", "n": args.sleepers,
                      "median_ms": statistics.median(s["wall_s"] for s in samples) * 1000,
                      "peak_rss_mib": statistics.median(s["peak_rss_mib"] for s in samples)}), flush=True)


if __name__ == "__main__":
    main()
