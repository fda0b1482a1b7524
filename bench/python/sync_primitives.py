"""CPython baseline: multiprocessing's synchronization primitives and shared values.

Processes are started with the "spawn" start method (mp.get_context("spawn")), and every
primitive comes from that context. The uncontended-lock cases run in this process alone. For
the others, child processes are started once per case and serve every run of it (warm-up runs,
then the measured runs): each waits for a command (n, the run's iteration count) on a Queue,
does n iterations, and reports time.monotonic() when it is done (CLOCK_MONOTONIC, comparable
across processes). A run is timed from this process's clock just before it hands out the
commands to the last child's end, so process start is not timed. Warm-up runs, n growing
fourfold until one lasts --seconds / 20, then one more, pick n so that a run takes about
--seconds / 5; measured runs then repeat until --seconds are used (at least 3). Figures are
medians over the measured runs. multitask's counterpart: bench/src/.../SyncAcrossProcesses.java
(and SyncBenchmark.java for the uncontended lock), with the same protocol.

- python.sync.lock_uncontended: mp.Lock(), `lock.acquire(); lock.release()` in a loop in one
  process, nobody else using the lock. {"median_ns": per acquire+release, "empty_loop_ns": the
  same loop with nothing in it (included in median_ns, not subtracted)}
- python.sync.lock_uncontended_with: the same with `with lock: pass`.
- python.sync.threading_lock_uncontended: threading.Lock(), `lock.acquire(); lock.release()`.
- python.sync.counter_get_lock: v = Value('q', 0); 2 children each do n times
  `with v.get_lock(): v.value += 1`. (v.value itself takes v's RLock again, reentrantly, on the
  read and on the write: that is what a synchronized Value does.) {"median_ops_per_s": increments
  per second, both children together}; the parent checks v.value == 2n after every run.
- python.sync.counter_lock_rawvalue: v = Value('q', 0, lock=False) and a separate Lock();
  2 children each do n times `with lock: v.value += 1` (the faster idiom: one lock per increment).
- python.sync.event_pingpong: two Events, ping and pong; the parent does `ping.set();
  pong.wait(); pong.clear()`, a child does `ping.wait(); ping.clear(); pong.set()`. Each round
  trip is timed with time.perf_counter(). {"median_us", "p90_us": over all measured round trips}
- python.sync.barrier4: Barrier(4); 4 children each call barrier.wait() n times. {"median_us": per
  round, i.e. the run's time / n}

Python has no atomic add on a shared value: the closest to multitask's SharedLong.addAndGet is
python.sync.counter_get_lock.

Prints one JSON object per line, as the other scripts.
Usage: python3 sync_primitives.py [--seconds S]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import threading
import time

PATIENCE = 120  # seconds a child may take to start or to finish a run before we give up


# --- work done by the children, n iterations per command (top-level functions: spawn pickles them)

def locked_increments(n, v):
    for _ in range(n):
        with v.get_lock():
            v.value += 1


def rawvalue_increments(n, v, lock):
    for _ in range(n):
        with lock:
            v.value += 1


def echoes(n, ping, pong):
    for _ in range(n):
        ping.wait()
        ping.clear()
        pong.set()


def barrier_rounds(n, barrier):
    for _ in range(n):
        barrier.wait()


def crew_member(work, args, commands, done):
    done.put(0.0)  # started
    while True:
        n = commands.get()
        if n is None:
            break
        work(n, *args)
        done.put(time.monotonic())


class Crew:
    """Child processes that each run work(n, *args) once per command."""

    def __init__(self, ctx, size, work, args):
        self.commands = ctx.Queue()
        self.done = ctx.Queue()
        self.procs = [ctx.Process(target=crew_member, args=(work, args, self.commands, self.done))
                      for _ in range(size)]
        for p in self.procs:
            p.start()
        for _ in self.procs:
            self.done.get(timeout=PATIENCE)

    def start(self, n):
        t0 = time.monotonic()
        for _ in self.procs:
            self.commands.put(n)
        return t0

    def finish(self):
        return max(self.done.get(timeout=PATIENCE) for _ in self.procs)

    def run(self, n):
        """Seconds from handing out the commands to the last child's end."""
        t0 = self.start(n)
        return self.finish() - t0

    def close(self):
        for _ in self.procs:
            self.commands.put(None)
        for p in self.procs:
            p.join(30)
            if p.is_alive():
                p.kill()
                p.join()


def repeat(run, probe_n, seconds):
    """Calls run(n), which returns the run's seconds, and returns (median seconds per iteration over
    the measured runs, their number, n). Warm-up runs first: n grows fourfold from probe_n until a
    run lasts seconds / 20; n is then picked so that a run lasts about seconds / 5, run once more as
    a last warm-up and picked again from that run (the first runs are the coldest). Measured runs
    then repeat until `seconds` are used, at least 3 times. run(n, measured=False) for warm-ups."""
    def scale(n, elapsed):
        return max(probe_n, int(n * (seconds / 5) / max(elapsed, 1e-9)))

    n = probe_n
    elapsed = run(n, False)
    while elapsed < seconds / 20:
        n *= 4
        elapsed = run(n, False)
    n = scale(n, elapsed)
    n = scale(n, run(n, False))
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(results) < 3:
        results.append(run(n, True) / n)
    return statistics.median(results), len(results), n


# --- the cases

def uncontended(name, lock, seconds, use_with):
    def run(n, measured):
        t0 = time.perf_counter()
        if use_with:
            for _ in range(n):
                with lock:
                    pass
        else:
            for _ in range(n):
                lock.acquire()
                lock.release()
        return time.perf_counter() - t0

    def empty(n, measured):
        t0 = time.perf_counter()
        for _ in range(n):
            pass
        return time.perf_counter() - t0

    per_op, runs, n = repeat(run, 100_000, seconds)
    loop, _, _ = repeat(empty, 100_000, min(seconds, 1.0))
    return {"name": name, "median_ns": per_op * 1e9, "runs": runs, "n": n, "empty_loop_ns": loop * 1e9}


def counter(ctx, name, seconds, rawvalue):
    if rawvalue:
        v = ctx.Value("q", 0, lock=False)
        crew = Crew(ctx, 2, rawvalue_increments, (v, ctx.Lock()))
    else:
        v = ctx.Value("q", 0)
        crew = Crew(ctx, 2, locked_increments, (v,))

    def run(n, measured):
        elapsed = crew.run(n)
        got = v.value
        assert got == 2 * n, "%s: counted %d, expected %d" % (name, got, 2 * n)
        v.value = 0
        return elapsed

    try:
        per_iteration, runs, n = repeat(run, 20_000, seconds)
    finally:
        crew.close()
    return {"name": name, "median_ops_per_s": 2 / per_iteration, "runs": runs, "n": n, "processes": 2}


def event_pingpong(ctx, seconds):
    ping, pong = ctx.Event(), ctx.Event()
    crew = Crew(ctx, 1, echoes, (ping, pong))
    samples = []

    def run(n, measured):
        t0 = crew.start(n)
        mine = []
        for _ in range(n):
            t1 = time.perf_counter()
            ping.set()
            pong.wait()
            pong.clear()
            mine.append(time.perf_counter() - t1)
        crew.finish()
        if measured:
            samples.extend(mine)
        return time.monotonic() - t0

    try:
        _, runs, _ = repeat(run, 2_000, seconds)
    finally:
        crew.close()
    samples.sort()
    return {"name": "python.sync.event_pingpong", "median_us": statistics.median(samples) * 1e6,
            "p90_us": samples[int(len(samples) * 0.9) - 1] * 1e6, "runs": runs, "n": len(samples)}


def barrier4(ctx, seconds):
    crew = Crew(ctx, 4, barrier_rounds, (ctx.Barrier(4),))
    try:
        per_round, runs, n = repeat(lambda n, measured: crew.run(n), 500, seconds)
    finally:
        crew.close()
    return {"name": "python.sync.barrier4", "median_us": per_round * 1e6, "runs": runs, "n": n, "processes": 4}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    rows = [
        lambda: uncontended("python.sync.lock_uncontended", ctx.Lock(), args.seconds, False),
        lambda: uncontended("python.sync.lock_uncontended_with", ctx.Lock(), args.seconds, True),
        lambda: uncontended("python.sync.threading_lock_uncontended", threading.Lock(), args.seconds, False),
        lambda: counter(ctx, "python.sync.counter_get_lock", args.seconds, False),
        lambda: counter(ctx, "python.sync.counter_lock_rawvalue", args.seconds, True),
        lambda: event_pingpong(ctx, args.seconds),
        lambda: barrier4(ctx, args.seconds),
    ]
    for row in rows:
        print(json.dumps(row()), flush=True)
