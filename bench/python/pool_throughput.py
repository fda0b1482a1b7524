"""CPython baseline: process pools (issue: pools).

Pools of 2 worker processes (the machine has 2 cores), started once per case (their start is not
timed), from mp.get_context("spawn") unless said otherwise: the start method does not matter once
the workers run, and spawn is the default on macOS/Windows. Throughput cases pick their size from
warm-up runs (n growing fourfold until a run lasts --seconds / 20, then n for about --seconds / 5);
measured runs then repeat until --seconds are used (at least 3). Figures are medians over the
measured runs. multitask's counterparts: bench/src/.../PoolBenchmark.java (JMH: submit, map) and
PoolAcrossProcesses.java (CPU speed-up, recovery).

- python.pool.submit.ProcessPoolExecutor: ProcessPoolExecutor(2); a run submits n trivial tasks
  (`answer`, returns 42), all in flight at once, then takes every result(). {"median_tasks_per_s"}
- python.pool.submit.Pool.apply_async: Pool(2); the same with apply_async(answer) and get().
- python.pool.map.Pool: sum(Pool(2).map(identity, range(10**6), chunksize=1000)) per run: the map,
  then every result read; identity is a module-level function. {"median_items_per_s"}
- python.pool.map.ProcessPoolExecutor: sum(list(ProcessPoolExecutor(2).map(identity, range(10**6),
  chunksize=1000))) per run.
- python.pool.cpu_speedup: 8 tasks of pure arithmetic (xorshift steps, `spin`), each calibrated in
  this process to take about --task-seconds (0.25 s), submitted at once with apply_async to Pool(1)
  and to Pool(2), runs alternating between the two pools. {"speedup": median time on Pool(1) /
  median time on Pool(2), "one_worker_ms", "two_workers_ms"}
- python.pool.recovery.Pool.<method>: Pool(2) from the fork, forkserver or spawn context; both
  workers run a blocking task; one of them is sent SIGKILL and a trivial task is submitted at once;
  the figure is the time from the kill to that task's result (the other worker is still blocked,
  so the task waits for the process the pool's maintenance thread starts in place of the dead
  one). The killed worker's task is lost: its AsyncResult never completes. A fresh pool per sample.
  The blocking tasks wait on a Semaphore, not an Event: Event.set() waits for every waiter to
  wake, and would hang on the killed one. {"median_ms", "p90_ms", "max_ms", "n", "killed_task"}
- python.pool.recovery.ProcessPoolExecutor: the same on ProcessPoolExecutor(2): the pool breaks
  (BrokenProcessPool) and serves nothing more. {"outcome": "broken", "failed_after_ms": from the
  kill to the new task's failure, "next_submit": what a further submit does}

Prints one JSON object per line, as the other scripts.
Usage: python3 pool_throughput.py [--seconds S] [--task-seconds T]
"""
import argparse
import json
import multiprocessing as mp
import os
import signal
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

PATIENCE = 60  # seconds a worker may take to start, or a pool to serve again, before we give up
ITEMS = 10 ** 6
CHUNK = 1000
CPU_TASKS = 8
MASK = (1 << 64) - 1


# --- what the workers run (module-level: spawn pickles functions by name)

def answer():
    return 42


def identity(x):
    return x


def spin(n):
    """n xorshift64 steps: pure arithmetic, nothing to wait for."""
    x = 88172645463325252
    for _ in range(n):
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
    return x


_started = None
_release = None


def init_blocker(started, release):
    global _started, _release
    _started, _release = started, release


def blocker():
    """Reports its pid, then blocks until released (or PATIENCE passes). The release is a Semaphore,
    not an Event: Event.set() waits for every waiter to wake, and a killed waiter never does."""
    _started.put(os.getpid())
    _release.acquire(timeout=PATIENCE)
    return os.getpid()


def free(release):
    """Lets both blockers go (a killed one never takes its turn: the semaphore is fresh per sample)."""
    release.release()
    release.release()


# --- measuring

def repeat(run, probe_n, seconds):
    """Calls run(n), which returns the run's seconds, and returns (median seconds per iteration over
    the measured runs, their number, n); warm-up runs as in sync_primitives.py."""
    def scale(n, elapsed):
        return max(probe_n, int(n * (seconds / 5) / max(elapsed, 1e-9)))

    n = probe_n
    elapsed = run(n)
    while elapsed < seconds / 20:
        n *= 4
        elapsed = run(n)
    n = scale(n, elapsed)
    n = scale(n, run(n))
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(results) < 3:
        results.append(run(n) / n)
    return statistics.median(results), len(results), n


def runs_for(run, seconds):
    """Calls run() once as a warm-up, then until `seconds` are used (at least 3 times); returns
    the median of what it returns and the number of measured runs."""
    run()
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(results) < 3:
        results.append(run())
    return statistics.median(results), len(results)


# --- the cases

def submit_throughput(name, pool, submit, seconds):
    def run(n):
        t0 = time.perf_counter()
        pending = [submit(pool) for _ in range(n)]
        for p in pending:
            assert p() == 42
        return time.perf_counter() - t0

    per_task, runs, n = repeat(run, 1000, seconds)
    return {"name": name, "median_tasks_per_s": 1 / per_task, "runs": runs, "n": n, "workers": 2}


def map_throughput(name, map_call, seconds):
    def run():
        t0 = time.perf_counter()
        results = map_call()
        total = sum(results)  # every result read, as multitask's run reads every one
        elapsed = time.perf_counter() - t0
        assert len(results) == ITEMS and total == ITEMS * (ITEMS - 1) // 2
        return ITEMS / elapsed

    rate, runs = runs_for(run, seconds)
    return {"name": name, "median_items_per_s": rate, "runs": runs, "n": ITEMS, "chunksize": CHUNK, "workers": 2}


def calibrate(task_seconds):
    """The n for which spin(n) takes about task_seconds in this process."""
    n = 10_000
    while True:
        t0 = time.perf_counter()
        spin(n)
        elapsed = time.perf_counter() - t0
        if elapsed >= task_seconds / 4:
            return int(n * task_seconds / elapsed)
        n *= 4


def cpu_speedup(ctx, seconds, task_seconds):
    n = calibrate(task_seconds)
    with ctx.Pool(1) as one, ctx.Pool(2) as two:
        def run(pool):
            t0 = time.perf_counter()
            pending = [pool.apply_async(spin, (n,)) for _ in range(CPU_TASKS)]
            for p in pending:
                p.get(PATIENCE)
            return time.perf_counter() - t0

        run(one)  # warm-up: the workers' first tasks
        run(two)
        ones, twos = [], []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or len(ones) < 3:
            ones.append(run(one))
            twos.append(run(two))
    m1, m2 = statistics.median(ones), statistics.median(twos)
    return {"name": "python.pool.cpu_speedup", "speedup": m1 / m2, "one_worker_ms": m1 * 1e3,
            "two_workers_ms": m2 * 1e3, "runs": len(ones), "tasks": CPU_TASKS, "iterations": n,
            "task_ms": task_seconds * 1e3}


def pool_recovery_sample(ctx):
    """Seconds from SIGKILL of a busy worker of a fresh Pool(2) to the result of a task submitted
    right after, and whether the killed worker's task ever completed."""
    started, release = ctx.Queue(), ctx.Semaphore(0)
    pool = ctx.Pool(2, initializer=init_blocker, initargs=(started, release))
    try:
        blocked = [pool.apply_async(blocker) for _ in range(2)]
        victim = started.get(timeout=PATIENCE)
        started.get(timeout=PATIENCE)
        t0 = time.perf_counter()
        os.kill(victim, signal.SIGKILL)
        served = pool.apply_async(answer)
        try:
            assert served.get(PATIENCE) == 42
        except mp.TimeoutError:
            return None, "did not serve within %d s" % PATIENCE
        elapsed = time.perf_counter() - t0
        free(release)
        waited = time.monotonic() + 1.0  # the survivor's result; the victim's, if it ever came
        while not all(b.ready() for b in blocked) and time.monotonic() < waited:
            time.sleep(0.01)
        done = sum(b.ready() for b in blocked)
        return elapsed, "lost (never completes)" if done == 1 else "%d of 2 blockers completed" % done
    finally:
        free(release)
        pool.terminate()
        pool.join()


def pool_recovery(method, seconds):
    ctx = mp.get_context(method)
    pool_recovery_sample(ctx)  # warm-up
    samples, killed = [], set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(samples) < 3:
        elapsed, what = pool_recovery_sample(ctx)
        killed.add(what)
        if elapsed is None:
            return {"name": "python.pool.recovery.Pool." + method, "outcome": what}
        samples.append(elapsed * 1e3)
    samples.sort()
    return {"name": "python.pool.recovery.Pool." + method, "median_ms": statistics.median(samples),
            "p90_ms": samples[int(len(samples) * 0.9) - 1], "max_ms": samples[-1], "n": len(samples),
            "killed_task": ", ".join(sorted(killed))}


def executor_recovery(ctx):
    started, release = ctx.Queue(), ctx.Semaphore(0)
    pool = ProcessPoolExecutor(2, mp_context=ctx, initializer=init_blocker, initargs=(started, release))
    try:
        for _ in range(2):
            pool.submit(blocker)
        victim = started.get(timeout=PATIENCE)
        started.get(timeout=PATIENCE)
        t0 = time.perf_counter()
        os.kill(victim, signal.SIGKILL)
        try:
            pool.submit(answer).result(PATIENCE)
            return {"name": "python.pool.recovery.ProcessPoolExecutor", "outcome": "served",
                    "median_ms": (time.perf_counter() - t0) * 1e3, "n": 1}
        except BrokenProcessPool as e:
            failed_after = (time.perf_counter() - t0) * 1e3
            detail = str(e)
        try:
            pool.submit(answer).result(PATIENCE)
            next_submit = "served"
        except BrokenProcessPool as e:
            next_submit = "BrokenProcessPool: " + str(e)
        return {"name": "python.pool.recovery.ProcessPoolExecutor", "outcome": "broken",
                "failed_after_ms": failed_after, "detail": "BrokenProcessPool: " + detail,
                "next_submit": next_submit}
    finally:
        free(release)
        pool.shutdown(wait=True, cancel_futures=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--task-seconds", type=float, default=0.25)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        print(json.dumps(submit_throughput("python.pool.submit.ProcessPoolExecutor", ex,
                                           lambda p: p.submit(answer).result, args.seconds)), flush=True)
        print(json.dumps(map_throughput("python.pool.map.ProcessPoolExecutor",
                                        lambda: list(ex.map(identity, range(ITEMS), chunksize=CHUNK)),
                                        args.seconds)), flush=True)
    with ctx.Pool(2) as pool:
        print(json.dumps(submit_throughput("python.pool.submit.Pool.apply_async", pool,
                                           lambda p: p.apply_async(answer).get, args.seconds)), flush=True)
        print(json.dumps(map_throughput("python.pool.map.Pool",
                                        lambda: pool.map(identity, range(ITEMS), chunksize=CHUNK),
                                        args.seconds)), flush=True)
    print(json.dumps(cpu_speedup(ctx, args.seconds, args.task_seconds)), flush=True)
    for method in ("fork", "forkserver", "spawn"):
        print(json.dumps(pool_recovery(method, args.seconds)), flush=True)
    print(json.dumps(executor_recovery(ctx)), flush=True)
