"""CPython side of the workloads as users write them (issue 23): one sample per fresh process.

bench/src/.../PairedRuns.java runs this script and its Java twin (UserWorkloads.java) in turn,
sample by sample, in the same minutes, and throws away the rounds the machine was busy in. Each
call runs one sample of one workload in this fresh interpreter and prints one JSON line of
figures: what a program that does this once meets, and (where it differs) the same call repeated.

Workloads (the Java twin does the same with the same numbers):

- map:         Pool(2); pool.map(identity, list of 100 000 ints, 1000) as a warm-up; then
               pool.map(identity, list of 1 000 000 ints, 1000) and sum(results): "first"; the
               same 7 more times: the 8th is "steady". {"first_items_per_s", "steady_items_per_s"}
- map_auto:    the same without a chunk size (Python picks len / (4 * workers)).
- starmap:     Pool(2); pool.starmap(add, list of 100 000 (i, 1) tuples, 1000) as a warm-up; then
               1 000 000 tuples, 4 times: the first and the 4th (Java: pool.map(p -> p.a() + p.b())
               over records Item(i, 1)). {"first_items_per_s", "steady_items_per_s"}
- submit:      ProcessPoolExecutor(2); 2000 submit(echo, i) + result() as a warm-up; then batches
               of 20 000 submit(echo, k) for k in range(20 000), all in flight, then every result():
               the first batch and the 4th. {"first_tasks_per_s", "steady_tasks_per_s"}
- submit_apply: the same with Pool(2).apply_async(echo, (k,)) and get().
- queue:       Queue() (unbounded); a child Process and the parent meet at a Barrier(2) (the
               child's start is not timed), then the child puts 0..1 999 999 and the parent get()s
               all 2 000 000: messages per second from the barrier to the last get. One batch
               ({"first_msgs_per_s"}); the Java twin's child puts 4 batches, a barrier before each,
               and also reports the 4th (CPython has no JIT: its later batches run as its first).
- start_loop:  20 x Process(target=noop).start(); join(), back to back, in a fresh context of
               --method: {"mean_ms" (the loop's time / 20), "median_ms", "first_ms"}
- start_event: the same loop, the job reading an Event it is given (Process(target=is_set,
               args=(event,))): what a job sharing a queue, lock or event pays to start
- start_spaced: 10 x (sleep 400 ms; start(); join()) timed without the sleep: {"median_ms"}
- burst:       start 10 processes, then join all, timed from the first start to the last join;
               3 bursts 1 s apart: {"first_ms", "later_ms" (the median of the later bursts)}
- rss:         a child that sleeps (waits on an Event); its VmRSS and Pss 1 s after its start:
               {"rss_mib", "pss_mib"}

Usage: python3 as_users.py WORKLOAD [--method spawn|forkserver|fork]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

WARM_UP_ITEMS = 100_000
ITEMS = 1_000_000
CHUNK = 1000
MAP_CALLS = 8
STARMAP_CALLS = 4
TASKS = 20_000
WARM_UP_TASKS = 2000
SUBMIT_BATCHES = 4
MESSAGES = 2_000_000
LOOP_STARTS = 20
SPACED_STARTS = 10
SPACING_S = 0.4
BURST = 10
BURSTS = 3


def identity(x):
    return x


def add(a, b):
    return a + b


def echo(k):
    return k


def noop():
    pass


def producer(q, go, n):
    go.wait()
    for i in range(n):
        q.put(i)


def sleeper(release):
    release.wait(60)


def timed_map(pool, items, chunksize):
    t0 = time.perf_counter()
    results = pool.map(identity, items, chunksize) if chunksize else pool.map(identity, items)
    total = sum(results)
    elapsed = time.perf_counter() - t0
    assert len(results) == len(items) and total == len(items) * (len(items) - 1) // 2
    return len(items) / elapsed


def workload_map(chunksize):
    warm_up, items = list(range(WARM_UP_ITEMS)), list(range(ITEMS))
    with mp.Pool(2) as pool:
        timed_map(pool, warm_up, chunksize)
        rates = [timed_map(pool, items, chunksize) for _ in range(MAP_CALLS)]
    return {"first_items_per_s": rates[0], "steady_items_per_s": rates[-1], "chunksize": chunksize or "default",
            "start_method": mp.get_start_method()}


def timed_starmap(pool, items):
    t0 = time.perf_counter()
    results = pool.starmap(add, items, CHUNK)
    total = sum(results)
    elapsed = time.perf_counter() - t0
    n = len(items)
    assert len(results) == n and total == n * (n - 1) // 2 + n
    return n / elapsed


def workload_starmap():
    warm_up = [(i, 1) for i in range(WARM_UP_ITEMS)]
    items = [(i, 1) for i in range(ITEMS)]
    with mp.Pool(2) as pool:
        timed_starmap(pool, warm_up)
        rates = [timed_starmap(pool, items) for _ in range(STARMAP_CALLS)]
    return {"first_items_per_s": rates[0], "steady_items_per_s": rates[-1], "start_method": mp.get_start_method()}


def timed_batch(submit, n):
    t0 = time.perf_counter()
    futures = [submit(k) for k in range(n)]
    total = sum(get() for get in futures)
    elapsed = time.perf_counter() - t0
    assert total == n * (n - 1) // 2
    return n / elapsed


def workload_submit(apply):
    if apply:
        pool = mp.Pool(2)
        submit = lambda k: pool.apply_async(echo, (k,)).get  # noqa: E731
    else:
        pool = ProcessPoolExecutor(2)
        submit = lambda k: pool.submit(echo, k).result  # noqa: E731
    try:
        timed_batch(submit, WARM_UP_TASKS)
        rates = [timed_batch(submit, TASKS) for _ in range(SUBMIT_BATCHES)]
    finally:
        if apply:
            pool.close()
            pool.join()
        else:
            pool.shutdown()
    return {"first_tasks_per_s": rates[0], "steady_tasks_per_s": rates[-1], "start_method": mp.get_start_method()}


def workload_queue():
    q, go = mp.Queue(), mp.Barrier(2)
    child = mp.Process(target=producer, args=(q, go, MESSAGES))
    child.start()
    go.wait()  # the child is started and waiting: its start is not timed
    t0 = time.perf_counter()
    for i in range(MESSAGES):
        if q.get() != i:
            raise AssertionError("out of order at %d" % i)
    elapsed = time.perf_counter() - t0
    child.join()
    return {"first_msgs_per_s": MESSAGES / elapsed, "start_method": mp.get_start_method()}


def start_and_join(ctx):
    t0 = time.perf_counter()
    p = ctx.Process(target=noop)
    p.start()
    p.join()
    return (time.perf_counter() - t0) * 1000


def workload_start_loop(ctx):
    t0 = time.perf_counter()
    samples = [start_and_join(ctx) for _ in range(LOOP_STARTS)]
    total = (time.perf_counter() - t0) * 1000
    return {"mean_ms": total / LOOP_STARTS, "median_ms": statistics.median(samples), "first_ms": samples[0]}


def is_set(event):
    return event.is_set()


def workload_start_event(ctx):
    # the job reads an Event it was given: what most jobs do, share a queue, lock or event
    event = ctx.Event()
    samples = []
    t0 = time.perf_counter()
    for _ in range(LOOP_STARTS):
        s = time.perf_counter()
        p = ctx.Process(target=is_set, args=(event,))
        p.start()
        p.join()
        samples.append((time.perf_counter() - s) * 1000)
    total = (time.perf_counter() - t0) * 1000
    return {"mean_ms": total / LOOP_STARTS, "median_ms": statistics.median(samples), "first_ms": samples[0]}


def workload_start_spaced(ctx):
    samples = []
    for _ in range(SPACED_STARTS):
        time.sleep(SPACING_S)
        samples.append(start_and_join(ctx))
    return {"median_ms": statistics.median(samples), "first_ms": samples[0]}


def workload_burst(ctx):
    bursts = []
    for b in range(BURSTS):
        if b:
            time.sleep(1)
        t0 = time.perf_counter()
        procs = [ctx.Process(target=noop) for _ in range(BURST)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        bursts.append((time.perf_counter() - t0) * 1000)
    return {"first_ms": bursts[0], "later_ms": statistics.median(bursts[1:])}


def memory_of(pid):
    rss = pss = None
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def workload_rss(ctx):
    release = ctx.Event()
    p = ctx.Process(target=sleeper, args=(release,))
    p.start()
    time.sleep(1)
    rss, pss = memory_of(p.pid)
    release.set()
    p.join()
    return {"rss_mib": rss, "pss_mib": pss}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workload")
    parser.add_argument("--method", default=None, help="start method for the start and rss workloads")
    args = parser.parse_args()
    ctx = mp.get_context(args.method)
    name = args.workload
    if name == "map":
        figures = workload_map(CHUNK)
    elif name == "map_auto":
        figures = workload_map(None)
    elif name == "starmap":
        figures = workload_starmap()
    elif name == "submit":
        figures = workload_submit(False)
    elif name == "submit_apply":
        figures = workload_submit(True)
    elif name == "queue":
        figures = workload_queue()
    elif name == "start_loop":
        figures = workload_start_loop(ctx)
    elif name == "start_event":
        figures = workload_start_event(ctx)
    elif name == "start_spaced":
        figures = workload_start_spaced(ctx)
    elif name == "burst":
        figures = workload_burst(ctx)
    elif name == "rss":
        figures = workload_rss(ctx)
    else:
        sys.exit("unknown workload " + name)
    figures["workload"] = name
    if args.method:
        figures["method"] = args.method
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
