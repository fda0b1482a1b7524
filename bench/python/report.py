"""Writes BENCHMARKS.md from one run: JMH's JSON results and the CPython baselines' JSON lines.

Usage: python3 report.py JMH_JSON PYTHON_JSONL OUTPUT_MD COMMAND [MULTITASK_JSONL [PAIRED_JSONL]]

MULTITASK_JSONL holds multitask's figures measured outside JMH (BlockedConsumerCpu,
SyncAcrossProcesses, PoolAcrossProcesses, ManagerAcrossProcesses), in the same JSON-lines form as
the CPython baselines. PAIRED_JSONL holds PairedRuns' pairs (report_users.py writes their section).
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import report_users


class JmhMedians(dict):
    """Benchmark name -> (median, unit), and how each was measured."""

    def __init__(self):
        super().__init__()
        self.runs = {}

    def iterations(self, name):
        """How the benchmark was measured, as "5 iterations of 1 s", from the run's own settings."""
        count, each = self.runs.get(name, (None, None))
        return "%s iterations of %s" % (count, each) if count else "JMH's iterations"


def jmh_medians(path):
    medians = JmhMedians()
    with open(path) as f:
        for result in json.load(f):
            name = result["benchmark"].rsplit(".", 2)
            key = name[-2] + "." + name[-1]
            metric = result["primaryMetric"]
            medians[key] = (metric["scorePercentiles"]["50.0"], metric["scoreUnit"])
            medians.runs[key] = (result.get("measurementIterations"), result.get("measurementTime"))
    return medians


# the figure each kind of JSON line carries, and its unit
METRICS = [("median_ms", "ms"), ("median_us", "us"), ("median_ns", "ns"), ("median_msgs_per_s", "msgs/s"),
           ("median_ops_per_s", "ops/s"), ("median_mib_per_s", "MiB/s"), ("cpu_ms", "ms"),
           ("median_tasks_per_s", "tasks/s"), ("median_items_per_s", "items/s")]


def json_lines(path):
    """Every JSON line of the file, in order (none if it is missing)."""
    if path is None or not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in map(str.strip, f) if line.startswith("{")]


def json_rows(path):
    """name -> the whole JSON object, the last line of each name."""
    return {row["name"]: row for row in json_lines(path)}


def python_medians(path):
    """name -> (figure, unit) for every name with a known figure: the mean when a name was
    measured more than once (the process starts, before and after JMH's start benchmarks)."""
    figures = {}
    for row in json_lines(path):
        for key, unit in METRICS:
            if key in row:
                figures.setdefault(row["name"], ([], unit))[0].append(row[key])
                break
    return {name: (sum(values) / len(values), unit) for name, (values, unit) in figures.items()}


def measured_each_time(path, name):
    """The figures of each measurement of {name}, in order."""
    return [row[key] for row in json_lines(path) if row["name"] == name for key, _ in METRICS if key in row]


def to_us(value, unit):
    return value * {"ms/op": 1000, "ms": 1000, "us/op": 1, "us": 1, "ns/op": 1e-3, "ns": 1e-3}[unit]


def to_per_s(value, unit):
    return value * {"ops/s": 1, "ops/ms": 1e3, "ops/us": 1e6, "msgs/s": 1, "MiB/s": 1, "tasks/s": 1,
                    "items/s": 1}[unit]


def fmt(us):
    if us < 1:
        return "%.1f ns" % (us * 1000)
    return "%.1f ms" % (us / 1000) if us >= 1000 else "%.1f µs" % us


def fmt_rate(per_s, what="msgs/s"):
    if per_s >= 1e6:
        return "%.2f M %s" % (per_s / 1e6, what)
    if per_s >= 1e3:
        return "%.0f k %s" % (per_s / 1e3, what)
    return "%.0f %s" % (per_s, what)


ROWS = [
    ("start+join of a trivial process job, warm standby", "JobStartBenchmark.warm", "python.process_start.fork", "fork"),
    ("start+join of a trivial process job, warm standby", "JobStartBenchmark.warm", "python.process_start.forkserver", "forkserver"),
    ("start+join of a process job whose body is a capturing lambda, warm standby", "JobStartBenchmark.warmLambda", "python.process_start.fork", "fork"),
    ("start+join of a trivial process job, cold (new JVM, AOT cache)", "JobStartBenchmark.cold", "python.process_start.spawn", "spawn"),
    ("round trip of a tiny task over the control channel", "ControlChannelBenchmark.roundTrip", "python.roundtrip.ProcessPoolExecutor", "ProcessPoolExecutor(1).submit().result()"),
    ("round trip of a tiny task over the control channel", "ControlChannelBenchmark.roundTrip", "python.roundtrip.Pool.apply", "Pool(1).apply()"),
]


PAIRED_ROWS = [
    ("start+join of a trivial process job, cold, samples alternating with `spawn`'s (`ColdStartPaired`)",
     "multitask.paired.cold"),
    ("start+join of a process job whose body is a capturing lambda, cold, alternating with `spawn`'s",
     "multitask.paired.cold_lambda"),
]


def main():
    jmh_path, py_path, out_path, command = sys.argv[1:5]
    mt_path = sys.argv[5] if len(sys.argv) > 5 else None
    paired_path = sys.argv[6] if len(sys.argv) > 6 else None
    jmh = jmh_medians(jmh_path)
    py = python_medians(py_path)
    py_rows = json_rows(py_path)
    mt_rows = json_rows(mt_path)
    python_version = subprocess.run([sys.executable, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        "Measured side by side in one run on the same machine: multitask with JMH (`bench/src`),",
        "CPython with our own scripts (`bench/python`). Figures are medians; the ratio is",
        "CPython's time divided by multitask's, or multitask's throughput divided by CPython's",
        "(either way, above 1: multitask is faster).",
        "",
        "Reproduce with:",
        "",
        "```",
        command,
        "```",
        "",
        "Run on %s, %s cores, %s, %s; %s." % (platform.node() or "this machine", __import__("os").cpu_count(),
                                             platform.platform(), python_version, time.strftime("%Y-%m-%d")),
        "",
    ]
    # rows measured again after the run (a section's own command, on a quiet machine) say so here
    remeasured = os.path.join(os.path.dirname(os.path.abspath(out_path)), "bench", "results", "REMEASURED.md")
    if os.path.exists(remeasured):
        lines += [line.rstrip("\n") for line in open(remeasured)] + [""]
    lines += report_users.section(paired_path)
    lines += [
        "## Jobs (issue: foundation)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    for title, jkey, pkey, pcall in ROWS:
        if jkey not in jmh or pkey not in py:
            lines.append(missing_row(title, jkey in jmh, pkey in py, code(pcall)))
            continue
        j = to_us(*jmh[jkey])
        p = to_us(*py[pkey])
        lines.append(table_row(title, fmt(j), fmt(p), code(pcall), "%.2f×" % (p / j)))
    paired_spawn = mt_rows.get("python.paired.spawn")
    for title, key in PAIRED_ROWS:
        row = mt_rows.get(key)
        if row and paired_spawn:
            j = row["median_ms"] * 1000
            p = paired_spawn["median_ms"] * 1000
            lines.append(table_row(title, fmt(j), fmt(p), code("spawn") + ", same rounds", "%.2f×" % (p / j)))
    floor = py.get("context.jvm_version")
    warm = jmh.get("JobStartBenchmark.warm")
    cold = jmh.get("JobStartBenchmark.cold")
    fork = py.get("python.process_start.fork")
    spawn = py.get("python.process_start.spawn")
    if warm and cold and fork and spawn:
        lines += [
            "",
            "Against the foundation issue's targets (same run):",
            "",
            "- warm start+join at or under Python's `fork`: %s (%s vs %s); the absolute target of 2 ms is %s."
            % ("met" if to_us(*warm) <= to_us(*fork) else "not met", fmt(to_us(*warm)), fmt(to_us(*fork)),
               "met" if to_us(*warm) <= 2000 else "not met"),
            "- cold start+join at or under Python's `spawn`, JMH against `spawn` measured around it: %s (%s vs %s)."
            % ("met" if to_us(*cold) <= to_us(*spawn) else "not met", fmt(to_us(*cold)), fmt(to_us(*spawn))),
        ]
        if floor:
            lines.append("  For scale: `java -version` alone, with a worker's flags, takes %s here: a cold job"
                         " is a JVM start plus its own work." % fmt(to_us(*floor)))
        spawns = measured_each_time(py_path, "python.process_start.spawn")
        if len(spawns) > 1:
            lines.append("  Each CPython start figure is the mean of a measurement just before and one just after"
                         " the JMH benchmark it is compared with (`spawn` and `java -version` around the cold one:"
                         " `spawn` %s; `fork` and `forkserver` around the warm ones)."
                         % " and ".join(fmt(to_us(v, "ms")) for v in spawns))
        paired = mt_rows.get("multitask.paired.cold_vs_spawn")
        if paired and paired_spawn and "multitask.paired.cold" in mt_rows:
            lines.append(
                "- cold start+join at or under Python's `spawn`, samples alternating in the same minutes"
                " (`ColdStartPaired`): %s (%s vs %s; in each round `spawn`'s time over the cold job's, median %.2f;"
                " the cold job was faster in %d of %d rounds). A capturing lambda's cold job: %s."
                % ("met" if paired["ratio"] >= 1 else "not met", fmt(mt_rows["multitask.paired.cold"]["median_ms"] * 1000),
                   fmt(paired_spawn["median_ms"] * 1000), paired["ratio"], paired["cold_won"], paired["rounds"],
                   fmt(mt_rows["multitask.paired.cold_lambda"]["median_ms"] * 1000)
                   if "multitask.paired.cold_lambda" in mt_rows else "not measured"))
    lines += [
        "",
        "Notes:",
        "",
        "- *warm*: a standby worker JVM is started and ready before each job (the refill is not",
        "  timed), as a forkserver's server is; the job still gets a process of its own, which",
        "  exits after it. *cold*: no standby, every job starts a JVM (with the AOT cache). The job is",
        "  a plain class with a `serialVersionUID`, which crosses field by field.",
        "- A job ends when its worker reports DONE (body finished, its threads ended, output",
        "  flushed, `_exit` under way); the parent then kills the worker, and the OS's teardown of",
        "  the JVM (~10 ms) is reaped in the background, not part of the figure. Python's `join()`",
        "  includes `waitpid`.",
        "- A standby worker has loaded the classes of the recent jobs while it waited (here the",
        "  benchmark's job class) and linked their lambdas (deserialized each once with its captured",
        "  values zeroed), so the warm figure is mostly the job's decoding and the two messages;",
        "  Python's `fork` child inherits everything already loaded. A lambda written by a class",
        "  with a static initializer is not linked ahead (that would run the initializer in a worker",
        "  that may never get the job): its job pays ~5 ms more on a warm worker.",
        "- Where a cold start goes (timestamps on both sides, one monotonic clock, outside JMH): the",
        "  JVM's own start until `main`, from the lean AOT cache of cold workers (which holds only",
        "  what a first job runs, the job's class included, so no jar is opened); the bootstrap",
        "  ~0.3 ms; the handshake over the inherited control pipes without a round trip (the",
        "  parent's challenge and the job's frame are waiting in the pipe); decoding the job ~6-8 ms",
        "  (a plain class: field by field, without `ObjectInputStream`; most of it is setting up",
        "  the allocation's method handle in a fresh JVM). A `spawn` child costs about what the",
        "  JVM's start alone does (`java -version` above).",
        "- *alternating with `spawn`'s*: this machine's speed drifts by 10-30 % within minutes, more",
        "  than the cold difference, so `ColdStartPaired` (outside JMH) also takes the samples in turn:",
        "  each round one `spawn` start+join (timed by `process_start.py --serve spawn`), one cold",
        "  plain job and one cold lambda job, in an order that rotates; before each sample the last",
        "  one's process has been reaped and 20 ms have passed (untimed). Its job classes were seen",
        "  before the rounds, so the cold workers' cache holds them, as it does in a program's later",
        "  runs.",
        "- The machine has 2 cores; expect run-to-run noise of 10-20 %.",
        "",
    ]
    lines += ipc_section(jmh, py, py_rows, mt_rows)
    lines += sync_section(jmh, py, py_rows, python_medians(mt_path))
    lines += pool_section(jmh, py, py_rows, mt_rows)
    lines += manager_section(jmh, py, python_medians(mt_path))
    lines += coroutine_section(jmh, py, mt_rows, report_users.load(paired_path).get("paired.sleepers"))
    lines += trace_section(jmh_path)
    lines += cluster_section(sys.argv[7] if len(sys.argv) > 7 else None)
    lines += ab_section(sys.argv[8] if len(sys.argv) > 8 else None)
    with open(out_path, "w") as f:
        f.write("\n".join(lines))


def ipc_section(jmh, py, py_rows, mt_rows):
    """The "Queues and pipes" section: throughput, ping-pong, blocked-consumer CPU, and targets."""
    lines = [
        "## Queues and pipes (issue: IPC)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    throughput_rows = [
        ("1→1 small messages, 1 producer process → 1 consumer (ours: `queue(65536)`)",
         "QueueBenchmark.oneToOne", "python.queue.1to1", "Queue() (unbounded): put(i) / get()", "msgs/s"),
        ("4→4 small messages, 4 producer processes → 4 consumers (ours: `queue(65536)`, consumers are threads)",
         "QueueFourToFourBenchmark.fourToFour", "python.queue.4to4", "Queue() (unbounded): put(i) / get()", "msgs/s"),
        ("1 MiB messages, bandwidth (ours: `queue(8)`)",
         "QueueBenchmark.oneMiB", "python.queue.1mib", "Queue() (unbounded): put(b'x' * 2**20) / get()", "MiB/s"),
    ]
    rates = {}
    for title, jkey, pkey, pcall, what in throughput_rows:
        if jkey not in jmh or pkey not in py:
            lines.append(missing_row(title, jkey in jmh, pkey in py, code(pcall)))
            continue
        j = to_per_s(*jmh[jkey])
        p = to_per_s(*py[pkey])
        rates[jkey] = (j, p)
        lines.append(table_row(title, fmt_rate(j, what), fmt_rate(p, what), code(pcall), "%.2f×" % (j / p)))

    ping = None
    title, pcall = "Pipe ping-pong round trip, duplex pipe, child echoes", "Pipe(): send(i); recv()"
    if "PipeBenchmark.pingPong" in jmh and "python.pipe.pingpong" in py:
        j = to_us(*jmh["PipeBenchmark.pingPong"])
        p = to_us(*py["python.pipe.pingpong"])
        ping = j
        lines.append(table_row(title, fmt(j), fmt(p), code(pcall), "%.2f×" % (p / j)))
    else:
        lines.append(missing_row(title, "PipeBenchmark.pingPong" in jmh, "python.pipe.pingpong" in py, code(pcall)))

    mt_blocked = mt_rows.get("multitask.queue.blocked_consumer_cpu")
    py_blocked = py_rows.get("python.queue.blocked_consumer_cpu")
    seconds = (mt_blocked or py_blocked or {}).get("blocked_s", 10)
    title = "CPU of a consumer blocked %.0f s in `take()` / `get()` on an empty queue" % seconds
    pcall = "Queue().get()"
    if mt_blocked and py_blocked:
        mine = "%.0f ms (its JVM: %.0f ms)" % (mt_blocked["cpu_ms"], mt_blocked.get("process_cpu_ms", float("nan")))
        lines.append(table_row(title, mine, "%.1f ms" % py_blocked["cpu_ms"], code(pcall), "—"))
    else:
        lines.append(missing_row(title, mt_blocked is not None, py_blocked is not None, code(pcall)))

    one = rates.get("QueueBenchmark.oneToOne")
    lines += [
        "",
        "Against the IPC issue's targets (same run):",
        "",
        "- 1→1 small messages at least 25× `multiprocessing.Queue`: %s."
        % (verdict(one[0] / one[1] >= 25, "%.1f×" % (one[0] / one[1])) if one else "not measured in this run"),
        "- 1→1 small messages at least 5 M msgs/s: %s."
        % (verdict(one[0] >= 5e6, fmt_rate(one[0])) if one else "not measured in this run"),
        "- pipe ping-pong round trip at most 5 µs: %s."
        % (verdict(ping <= 5, fmt(ping)) if ping is not None else "not measured in this run"),
        "",
        "Notes:",
        "",
        "- Queue sizes differ: ours are bounded (65 536 elements for small messages, 8 for 1 MiB),",
        "  so a producer faster than its consumers waits; Python's `Queue()` is unbounded. Both figures",
        "  are end-to-end rates from producers to consumers.",
        "- multitask: the producers are child JVMs started once per JMH trial (start not timed); the",
        "  consumer is the benchmark's thread, in the parent JVM. CPython (`spawn`): fresh processes per",
        "  run, timed from a barrier to the last consumer's sentinel (start not timed either).",
        "- 4→4: our four consumers are four threads of one JVM; Python's are four processes. Every",
        "  take still goes through the queue's shared memory and cross-process lock.",
        "- `put` serializes in the caller and writes to shared memory before returning; Python's",
        "  `Queue.put` hands the object to a feeder thread, which pickles and writes it to a pipe.",
        "- Ping-pong: JMH's sampled median per round trip against the median of Python's",
        "  `perf_counter()`-timed round trips.",
        "- Blocked consumer: ours is the taking thread's user+system CPU from `/proc/thread-self/stat`,",
        "  in clock ticks of 10 ms (a difference of two readings, so ±10 ms); its whole JVM, with JIT",
        "  and GC threads, in parentheses. Python's is its whole process (`getrusage`, no JIT or GC",
        "  threads). Our waiters spin for about 10 µs, then sleep on a futex.",
        "",
    ]
    return lines


def sync_section(jmh, py, py_rows, mt):
    """The "Synchronization" section: uncontended lock, counters, Event ping-pong, Barrier, targets.

    multitask's figures come from JMH (SyncBenchmark) and from SyncAcrossProcesses (mt)."""
    ours = dict(jmh)
    ours.update(mt)
    lines = [
        "## Synchronization (issue: sync)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    get_lock = "Value('q'): with v.get_lock(): v.value += 1"
    rows = [
        # (title, our key, CPython key, CPython call, "time" or a rate's unit)
        ("uncontended lock, one thread (ours: `processes().lock()`, `lock(); unlock()`)",
         "SyncBenchmark.processLock", "python.sync.lock_uncontended", "Lock(): acquire(); release()", "time"),
        ("uncontended lock as a block (ours: `try (var _ = lock.hold()) {}`)",
         "SyncBenchmark.processHold", "python.sync.lock_uncontended_with", "with Lock(): pass", "time"),
        ("uncontended lock of the threads backend (ours: `threads().lock()`, `lock(); unlock()`)",
         "SyncBenchmark.threadLock", "python.sync.threading_lock_uncontended",
         "threading.Lock(): acquire(); release()", "time"),
        ("shared counter, 2 processes increment under its lock (ours: `c.lock().hold()`, `c.set(c.get() + 1)`)",
         "multitask.sync.counter_locked", "python.sync.counter_get_lock", get_lock, "incr/s"),
        ("shared counter, 2 processes increment under its lock (ours: `c.lock().hold()`, `c.set(c.get() + 1)`)",
         "multitask.sync.counter_locked", "python.sync.counter_lock_rawvalue",
         "Value('q', lock=False) and Lock(): with lock: v.value += 1", "incr/s"),
        ("shared counter, 2 processes add atomically (ours: `c.addAndGet(1)`; Python has no atomic add)",
         "multitask.sync.counter_atomic", "python.sync.counter_get_lock", get_lock, "incr/s"),
        ("Event ping-pong round trip between 2 processes (two events: set, wait, clear)",
         "multitask.sync.event_pingpong", "python.sync.event_pingpong", "Event(): set(); wait(); clear()", "time"),
        ("Barrier round, 4 processes (time per round)",
         "multitask.sync.barrier4", "python.sync.barrier4", "Barrier(4): wait()", "time"),
    ]
    ratios = {}
    for title, okey, pkey, pcall, kind in rows:
        if okey not in ours or pkey not in py:
            lines.append(missing_row(title, okey in ours, pkey in py, code(pcall)))
            continue
        if kind == "time":
            o, p = to_us(*ours[okey]), to_us(*py[pkey])
            ratio = p / o
            lines.append(table_row(title, fmt(o), fmt(p), code(pcall), "%.2f×" % ratio))
        else:
            o, p = to_per_s(*ours[okey]), to_per_s(*py[pkey])
            ratio = o / p
            lines.append(table_row(title, fmt_rate(o, kind), fmt_rate(p, kind), code(pcall), "%.2f×" % ratio))
        ratios[(okey, pkey)] = ratio

    lock = ours.get("SyncBenchmark.processLock")
    py_lock = py.get("python.sync.lock_uncontended")
    counter = ratios.get(("multitask.sync.counter_locked", "python.sync.counter_get_lock"))
    lines += [
        "",
        "Against the sync issue's targets (same run):",
        "",
        "- uncontended process lock, `lock()` + `unlock()`, at most 20 ns: %s."
        % (verdict(to_us(*lock) <= 0.020, fmt(to_us(*lock))) if lock else "not measured in this run"),
    ]
    if py_lock:
        lines.append("  For scale: `multiprocessing.Lock`'s `acquire(); release()` takes %s here"
                     " (the issue quotes ~107 ns)." % fmt(to_us(*py_lock)))
    lines += [
        "- 2 processes incrementing a shared counter under a lock at least 10× Python's `Value('q')`"
        " with `get_lock()`: %s."
        % (verdict(counter >= 10, "%.1f×" % counter) if counter is not None else "not measured in this run"),
    ]
    loop = py_rows.get("python.sync.lock_uncontended", {}).get("empty_loop_ns")
    lines += [
        "",
        "Notes:",
        "",
        "- Uncontended lock: ours is JMH's average time per benchmark call (`lock(); unlock()` and",
        "  JMH's loop around it), median of %s, in one thread of one JVM; the"
        % jmh.iterations("SyncBenchmark.processLock"),
        "  process context keeps no standby worker, so no JVM starts beside it. Python's is a `for`",
        "  loop of `acquire(); release()` timed with `perf_counter()`, median over runs, in one",
        "  process; its loop alone costs %s (included, not subtracted)."
        % (fmt(loop / 1000) if loop is not None else "a few ns"),
        "  `multiprocessing.Lock` is a POSIX semaphore (`sem_trywait`/`sem_post`: no system call",
        "  when uncontended); ours is a compare-and-set on a word in shared memory. `with lock:` goes",
        "  through Python-level `__enter__`/`__exit__` on `multiprocessing.Lock`, `acquire`/`release`",
        "  do not. The threads backend's lock stays in one JVM (`java.util.concurrent`), as",
        "  `threading.Lock` stays in one process.",
        "- Counters, Event and Barrier (ours: `SyncAcrossProcesses`, outside JMH; CPython:",
        "  `sync_primitives.py`, `spawn`): the same protocol on both sides. The children start once",
        "  per case (ours from warm standby workers, whose refill ends before the first run) and",
        "  serve every run; a run is timed from the parent's clock before it hands out the commands",
        "  through a queue to the latest end a child reports (`CLOCK_MONOTONIC` on both sides), so",
        "  process start is not timed. Warm-up runs (ours: the JIT of every JVM) pick the run's size",
        "  (about a fifth of the case's seconds); figures are medians over the measured runs.",
        "- Counters: 2 children each increment `n` times; the figure is increments per second of",
        "  both together, and the parent checks that the counter is `2n` after every run. Ours use",
        "  the value's own lock, as `get_lock()`. A synchronized `Value`'s `v.value` takes the same",
        "  RLock again, reentrantly, on the read and on the write: 3 acquires per increment in the",
        "  first CPython row; the second is the one-lock idiom. Python has no atomic add, so",
        "  `addAndGet` is compared with the `get_lock()` increment, its closest equivalent.",
        "- On 2 cores the two counting children run truly at once only when nothing else does; when",
        "  they share one core the lock is seldom contended and both sides' rates move a lot. Read",
        "  the counter rows from a quiet machine.",
        "- Event ping-pong: the parent does `ping.set(); pong.await(); pong.clear()` (Python:",
        "  `wait()`), the child `ping.await(); ping.clear(); pong.set()`; each round trip is timed",
        "  (`nanoTime` / `perf_counter()`), the figure is the median over all measured round trips.",
        "  Python's `Event` is a `Condition` over semaphores: `set`, `wait` and `clear` each take its lock.",
        "- Barrier: 4 children each call `await()` / `wait()` `n` times; the figure is the run's time",
        "  divided by `n`. 4 processes on 2 cores: every round wakes parties that were descheduled.",
        "",
    ]
    return lines


def pool_section(jmh, py, py_rows, mt_rows):
    """The "Pools" section: submit and map throughput, CPU-bound speed-up, recovery, and targets.

    multitask's figures come from JMH (PoolBenchmark) and from PoolAcrossProcesses (mt_rows)."""
    lines = [
        "## Pools (issue: pools)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    submit = "trivial task submitted and its result taken, 2 worker processes, many in flight"
    mapping = ("`map` of an identity function over 1 M integers, chunk size 1000, 2 worker processes,"
               " then every result read")
    rates = {}
    for title, jkey, pkey, pcall, what in [
        (submit, "PoolBenchmark.submit", "python.pool.submit.ProcessPoolExecutor",
         "ProcessPoolExecutor(2): submit(f), then result()", "tasks/s"),
        (submit, "PoolBenchmark.submit", "python.pool.submit.Pool.apply_async",
         "Pool(2): apply_async(f), then get()", "tasks/s"),
        (mapping, "PoolBenchmark.map", "python.pool.map.Pool",
         "sum(Pool(2).map(identity, range(10**6), chunksize=1000))", "items/s"),
        (mapping, "PoolBenchmark.map", "python.pool.map.ProcessPoolExecutor",
         "sum(ProcessPoolExecutor(2).map(identity, range(10**6), chunksize=1000))", "items/s"),
    ]:
        if jkey not in jmh or pkey not in py:
            lines.append(missing_row(title, jkey in jmh, pkey in py, code(pcall)))
            continue
        j = to_per_s(*jmh[jkey])
        p = to_per_s(*py[pkey])
        rates[jkey + "|" + pkey] = (j, p)
        rates.setdefault(pkey, (j, p))
        lines.append(table_row(title, fmt_rate3(j, what), fmt_rate3(p, what), code(pcall), "%.2f×" % (j / p)))

    mt_cpu = mt_rows.get("multitask.pool.cpu_speedup")
    py_cpu = py_rows.get("python.pool.cpu_speedup")
    task_ms = (mt_cpu or py_cpu or {}).get("task_ms", 250)
    title = ("CPU-bound speed-up, 2 workers over 1: 8 tasks of ~%.2f s of arithmetic, time on 1 worker"
             " / time on 2" % (task_ms / 1000))
    pcall = "Pool(1) and Pool(2): apply_async(spin, (n,))"

    def speedup(row):
        return "%.2f× (%.2f s / %.2f s)" % (row["speedup"], row["one_worker_ms"] / 1000, row["two_workers_ms"] / 1000)

    if mt_cpu and py_cpu:
        lines.append(table_row(title, speedup(mt_cpu), speedup(py_cpu), code(pcall), "—"))
    else:
        lines.append(missing_row(title, mt_cpu is not None, py_cpu is not None, code(pcall)))

    mt_rec = mt_rows.get("multitask.pool.recovery")
    ours = ("%s (killed task: `%s`)" % (fmt(mt_rec["median_ms"] * 1000), mt_rec.get("killed_task", "?"))
            if mt_rec else None)
    title = ("SIGKILL of a busy worker of a pool of 2 → result of a task submitted right after"
             " (ours: a standby worker ready)")
    for method in ("fork", "forkserver", "spawn"):
        pkey = "python.pool.recovery.Pool." + method
        pcall = "Pool(2)` from `%s`; the killed worker's task is lost: `AsyncResult` never ready" % method
        row = py_rows.get(pkey)
        if mt_rec and row and "median_ms" in row:
            o, p = mt_rec["median_ms"], row["median_ms"]
            lines.append(table_row(title, ours, fmt(p * 1000), "`" + pcall, "%.2f×" % (p / o)))
        elif mt_rec and row:
            lines.append(table_row(title, ours, row.get("outcome"), "`" + pcall, "—"))
        else:
            lines.append(missing_row(title, mt_rec is not None, row is not None, "`" + pcall))
    broken = py_rows.get("python.pool.recovery.ProcessPoolExecutor")
    pcall = "ProcessPoolExecutor(2)"
    if mt_rec and broken:
        if broken.get("outcome") == "broken":
            theirs = ("broken: `BrokenProcessPool` %s after the kill, and on every later submit"
                      % fmt(broken["failed_after_ms"] * 1000))
        else:
            theirs = "%s (%s)" % (broken.get("outcome"), fmt(broken.get("median_ms", float("nan")) * 1000))
        lines.append(table_row(title, ours, theirs, code(pcall), "—"))
    else:
        lines.append(missing_row(title, mt_rec is not None, broken is not None, code(pcall)))

    executor = rates.get("python.pool.submit.ProcessPoolExecutor")
    pool_map = rates.get("PoolBenchmark.map|python.pool.map.Pool")
    lines += [
        "",
        "Against the pools issue's targets (same run):",
        "",
        "- trivial `submit` + result at least 86 k tasks/s: %s."
        % (verdict(executor[0] >= 86e3, fmt_rate3(executor[0], "tasks/s")) if executor else "not measured in this run"),
        "- trivial `submit` + result at least 10× `ProcessPoolExecutor`: %s."
        % (verdict(executor[0] / executor[1] >= 10, "%.2f×" % (executor[0] / executor[1]))
           if executor else "not measured in this run"),
    ]
    if executor:
        lines.append("  For scale: `ProcessPoolExecutor(2)` runs %s here (the issue quotes 8.6 k tasks/s)."
                     % fmt_rate3(executor[1], "tasks/s"))
    lines += [
        "- `map` of 1 M integers, chunk size 1000, at least 3× `Pool.map`: %s."
        % (verdict(pool_map[0] / pool_map[1] >= 3,
                   "%.2f×, %s" % (pool_map[0] / pool_map[1], fmt_rate3(pool_map[0], "items/s")))
           if pool_map else "not measured in this run"),
        "- CPU-bound speed-up with 2 workers over 1 at least 1.8×: %s."
        % (verdict(mt_cpu["speedup"] >= 1.8, "%.2f×" % mt_cpu["speedup"]) if mt_cpu else "not measured in this run"),
    ]
    if py_cpu:
        lines.append("  For scale: CPython's `Pool` gets %.2f× in the same run." % py_cpu["speedup"])
    lines += [
        "- serving again within 100 ms of a worker's SIGKILL, with a standby: %s."
        % (verdict(mt_rec["median_ms"] <= 100, "median %s, slowest %s" % (fmt(mt_rec["median_ms"] * 1000),
                                                                            fmt(mt_rec["max_ms"] * 1000)))
           if mt_rec else "not measured in this run"),
        "",
        "Notes:",
        "",
        "- Both sides use pools of 2 worker processes (the machine has 2 cores), started once per case, so",
        "  no process start is timed: ours from warm standby workers, and JMH's trial (or",
        "  `PoolAcrossProcesses`) waits for the standby refill before measuring; CPython's from `spawn`",
        "  (recovery: from each start method).",
        "- Submit: ours is JMH's throughput, each call submitting 10 000 trivial tasks (a stateless `Task`",
        "  class returning 42) at once and then taking every result, median of %s."
        % jmh.iterations("PoolBenchmark.submit"),
        "  CPython's submits n tasks (`answer`, a module-level function returning 42) at once, then takes",
        "  every result; n%s is picked by warm-up runs so that a run lasts about a fifth"
        % ("" if "n" not in py_rows.get("python.pool.submit.ProcessPoolExecutor", {})
           else " (%d here)" % py_rows["python.pool.submit.ProcessPoolExecutor"]["n"]),
        "  of the case's seconds; median over the runs. Python pickles a module-level function by",
        "  name; ours decodes a stateless task once per worker. Ours hands each worker up to 8 items",
        "  ahead of the one it runs; `ProcessPoolExecutor` keeps `max_workers + 1` calls queued to its",
        "  processes.",
        "- Map: ours is `pool.map(identity, items, 1000)` over a `List<Integer>` of 1 M built once per",
        "  trial, returning a `List` of 1 M, then a loop summing every element; CPython's",
        "  `sum(map(identity, range(10**6), chunksize=1000))` (a list back, which",
        "  `ProcessPoolExecutor.map`'s iterator fills here). 1000 chunks either way; every item is",
        "  encoded on the way out and its result on the way back. Both JVMs on their default collector.",
        "- Map results stay packed: a chunk whose results are all `Integer`s travels as 4 bytes a number",
        "  and is kept as an `int[]` in the returned list, each number boxed when read. Kept boxed, the",
        "  1 M results live until `map` returns made G1's young collections copy them again and again",
        "  (80–200 ms pauses on 2 cores: boxed, this map ran at about `Pool.map`'s rate).",
        "- CPU-bound: `spin(n)` is `n` xorshift64 steps, each depending on the last; `n` is calibrated in",
        "  each parent so that one task takes about %.2f s there (CPython needs ~100× fewer steps than"
        % (task_ms / 1000),
        "  the JIT: the tasks last as long, their work differs). 8 tasks are submitted at once; runs",
        "  alternate between a pool of 1 and a pool of 2 after a warm-up run on each, and the figure is",
        "  the median time on 1 worker over the median time on 2. Ideal on 2 cores: 2×; anything else",
        "  running takes a core from the 2-worker runs, so read this row from a quiet machine.",
        "- Recovery: both workers of a pool of 2 run a task that reports its pid and blocks; the parent",
        "  sends SIGKILL to one (`ProcessHandle.destroyForcibly()` / `os.kill`), submits a trivial task at",
        "  once and waits for its result: the figure is from just before the kill to the result, median",
        "  over samples. The other worker is still blocked, so the task waits for the dead one's",
        "  replacement. Ours: the killed task fails with `WorkerDiedException`, the slot takes the ready",
        "  standby JVM and sets it up as a pool worker (one round trip), then runs the task; the same pool",
        "  serves every sample, and the standby refill is awaited between samples (not timed). CPython's",
        "  `Pool`: its maintenance thread sees the death on the process's sentinel and starts a new",
        "  process (`fork`: a copy of the parent; `forkserver`: a fork of the server; `spawn`: a new",
        "  interpreter); the killed task is lost (its `AsyncResult` never completes, so `close(); join()`",
        "  would wait forever: the script uses `terminate()`, and a fresh pool per sample).",
        "  `ProcessPoolExecutor` does not recover: the killed task, every pending one and every later",
        "  submit fail with `BrokenProcessPool`.",
        "- CPython's blocking tasks wait on a `Semaphore`: `Event.set()` waits for every waiter to wake,",
        "  and would block forever on the killed one.",
        "",
    ]
    return lines


def manager_section(jmh, py, mt):
    """The "Managers" section: a manager dict's get and put between processes, merge, the whole
    manager-dict program, and the issue's targets.

    multitask's figures come from JMH (ManagerBenchmark) and from ManagerAcrossProcesses (mt)."""
    ours = dict(jmh)
    ours.update(mt)
    lines = [
        "## Managers (issue 21)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    rows = [
        ("dict get or put, 2 processes at once on one dict of 1000 keys (time per operation in a process)",
         "multitask.manager.getput_2proc", "python.manager.getput_2proc",
         "Manager().dict(): d[k] = d[k] + 1"),
        ("atomic update of one key, 2 processes at once (ours: `d.merge(k, 1L, Long::sum)`)",
         "multitask.manager.merge_2proc", "python.manager.locked_increment_2proc",
         "with lock: d['hits'] += 1"),
        ("the manager-dict program (100 processes), a fresh program from launch to exit",
         "multitask.manager.program", "python.manager.program_fork", "fork"),
        ("the manager-dict program (100 processes), a fresh program from launch to exit",
         "multitask.manager.program", "python.manager.program_spawn", "spawn"),
    ]
    ratios = {}
    for title, okey, pkey, pcall in rows:
        if okey not in ours or pkey not in py:
            lines.append(missing_row(title, okey in ours, pkey in py, code(pcall)))
            continue
        o, p = to_us(*ours[okey]), to_us(*py[pkey])
        ratios[(okey, pkey)] = p / o
        lines.append(table_row(title, fmt(o), fmt(p), code(pcall), "%.2f×" % (p / o)))
    for title, key in [("dict get, one thread, nobody else on the dict (processes backend)",
                        "ManagerBenchmark.get"),
                       ("dict put, one thread, nobody else on the dict (processes backend)",
                        "ManagerBenchmark.put")]:
        if key in ours:
            lines.append(table_row(title, fmt(to_us(*ours[key])), "", "", ""))
    getput = ours.get("multitask.manager.getput_2proc")
    ratio = ratios.get(("multitask.manager.getput_2proc", "python.manager.getput_2proc"))
    lines += [
        "",
        "Against the issue's targets (same run):",
        "",
        "- a map get or put from 2 processes at most 1 µs per operation: %s."
        % (verdict(to_us(*getput) <= 1, fmt(to_us(*getput))) if getput else "not measured in this run"),
        "- at least 20× `Manager().dict()`: %s."
        % (verdict(ratio >= 20, "%.0f×" % ratio) if ratio is not None else "not measured in this run"),
        "",
        "Notes:",
        "",
        "- Ours: `ManagerAcrossProcesses` (outside JMH), with `SyncAcrossProcesses`' crew and run",
        "  protocol; CPython: `manager_dict.py` (`spawn`), the same protocol. A run is timed from the",
        "  parent's clock before it hands out the commands to the latest end a child reports; the",
        "  figure is the run's time divided by the operations each child made (`2n` for get+put).",
        "- The dict lives in shared memory on our side (a lookup under a robust lock in the calling",
        "  process), in a manager process on Python's (a proxy call is a round trip over a socket).",
        "- `merge` is one atomic step on the dict; a Python proxy has none, so its row takes a",
        "  `multiprocessing.Lock` around `d['hits'] += 1` (a get and a set).",
        "- The whole program: ours is `./multitask examples manager-dict` (100 child JVMs, started",
        "  ten at a time) run by a fresh `java`; Python's the tutorial's program (100 processes",
        "  started at once) run by a fresh `python3`, median of 3 runs after one warm-up each. It",
        "  measures 100 process starts more than the dict: a JVM start costs what `spawn` costs and",
        "  more, `fork` copies a running interpreter.",
        "- `ManagerBenchmark` (JMH, one thread): `get` and `put` of a `Long` under one of 1000 keys.",
        "",
    ]
    return lines


def coroutine_section(jmh, py, mt_rows, sleepers):
    """The "Coroutines" section: 1 M sleepers (time, peak RSS), spawn+join, queue ping-pong, lock.

    The sleepers come from PairedRuns' pair "sleepers" (each sample a fresh process, ours, the
    virtual-thread floor and asyncio's in turn): figures are medians over its kept rounds with their
    range, ratios the median of the per-round ratios."""
    lines = [
        "## Coroutines (issue: coroutines)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    sleep_cases = [("multitask", "as a user runs it (a fresh JVM, no warm-up)"),
                   ("multitask.steady", "steady state (after a warm-up round in the same JVM)"),
                   ("multitask.parallel", "parallel mode, as a user runs it")]
    mt_heap = mt_rows.get("multitask.coro.sleepers.heap")
    floor_heap = mt_rows.get("jdk.vthread.sleepers.heap")
    usable = sleepers is not None and not report_users.refused(sleepers)

    def side(label, figure):
        return report_users.values(sleepers, label, figure) if usable else None

    # how many sleep: each sample says (PairedRuns.SLEEPERS); the figure when none was run
    counts = side("multitask", "n")
    n = int(statistics.median(counts)) if counts else 1_000_000

    py_ms = [v * 1000 for v in side("python", "wall_s") or []]
    py_rss = side("python", "peak_rss_mib")
    pcall = "create_task(sleep(1)) × n, then gather"
    sleep_ratio = {}
    for case, label in sleep_cases:
        title = "%d coroutines each sleeping 1 s, all joined, %s: wall time" % (n, label)
        ours_ms, ours_rss = side(case, "median_ms"), side(case, "peak_rss_mib")
        if sleepers is not None and report_users.refused(sleepers):
            lines.append("| %s | — | — | %s | %s |" % (title, code(pcall), sleepers["refused"]))
        elif ours_ms and py_ms:
            rs = report_users.ratio_of(ours_ms, py_ms, False)
            sleep_ratio[case] = statistics.median(rs)
            lines.append(table_row(title, report_users.spread(ours_ms, lambda v: fmt(v * 1000)),
                                   report_users.spread(py_ms, lambda v: fmt(v * 1000)), code(pcall),
                                   report_users.ratio_text(rs)))
            lines.append(table_row("the same: peak RSS of the process",
                                   report_users.spread(ours_rss, lambda v: "%.0f MiB" % v),
                                   report_users.spread(py_rss, lambda v: "%.0f MiB" % v), code(pcall),
                                   report_users.ratio_text(report_users.ratio_of(ours_rss, py_rss, False))))
        else:
            lines.append(missing_row(title, bool(ours_ms), bool(py_ms), code(pcall)))
    ratios = {}
    for title, jkey, pkey, pcall in [
        ("spawn + join of a coroutine that returns at once (100 000 per run), per coroutine",
         "CoroutineBenchmark.spawnJoin", "python.coro.spawn_join", "create_task(nothing()) × 100 000, then gather"),
        ("ping-pong between two coroutines through two async queues on one loop, round trip",
         "CoroutineBenchmark.pingPong", "python.coro.queue_pingpong", "asyncio.Queue(): put / get, both ways"),
        ("10 000 coroutines take one async lock in turn, per hand-over",
         "CoroutineBenchmark.lockInTurn", "python.coro.lock_in_turn", "asyncio.Lock(): async with lock"),
    ]:
        if jkey not in jmh or pkey not in py:
            lines.append(missing_row(title, jkey in jmh, pkey in py, code(pcall)))
            continue
        j = to_us(*jmh[jkey])
        p = to_us(*py[pkey])
        ratios[jkey] = p / j
        lines.append(table_row(title, fmt(j), fmt(p), code(pcall), "%.2f×" % (p / j)))

    def target(key, at_least):
        return (verdict(ratios[key] >= at_least, "%.1f×" % ratios[key]) if key in ratios
                else "not measured in this run")

    lines += ["", "Against the coroutines issue's targets (same run):", ""]
    if sleep_ratio:
        for case, label in sleep_cases:
            if case not in sleep_ratio:
                lines.append("- %d sleepers, %s: not measured in this run." % (n, label))
                continue
            ms_med = statistics.median(side(case, "median_ms"))
            rss_med = statistics.median(side(case, "peak_rss_mib"))
            py_rss_med = statistics.median(py_rss) if py_rss else None
            lines.append("- %d sleepers of 1 s, all joined, %s: in at most 2.5 s: %s; at least 10× asyncio:"
                         " %s; peak RSS at most 1 GiB and below asyncio's: %s%s."
                         % (n, label, verdict(ms_med <= 2500, fmt(ms_med * 1000)),
                            verdict(sleep_ratio[case] >= 10, "%.1f×" % sleep_ratio[case]),
                            verdict(rss_med <= 1024, "%.0f MiB" % rss_med),
                            "" if py_rss_med is None else "; below asyncio's %.0f MiB: %s"
                            % (py_rss_med, "yes" if rss_med < py_rss_med else "no")))
        if mt_heap:
            lines.append("- a parked coroutine keeps %d bytes of heap alive (used heap after a full collection"
                         " while all sleep, per coroutine), and a whole round allocates %d bytes per coroutine%s"
                         " (`CoroutineSleepers --heap`, a run of its own, not timed)."
                         % (mt_heap["heap_bytes_per_coroutine"], mt_heap["allocated_bytes_per_coroutine"],
                            "" if not floor_heap else "; a plain virtual thread: %d and %d bytes"
                            % (floor_heap["heap_bytes_per_coroutine"], floor_heap["allocated_bytes_per_coroutine"])))
        floor = {case: side(case.replace("multitask", "jdk.vthread"), "median_ms") for case, _ in sleep_cases}
        if any(floor.values()):
            steady_floor = floor.get("multitask.steady")
            lines.append("- the same %d sleepers as plain JDK virtual threads in `Thread.sleep` (no multitask"
                         " code; `VirtualThreadSleepers`, in the same rounds): %s. As a user runs them, they"
                         " pay the JIT's trap in the JDK's own sleep for every thread that wakes (see"
                         " `Priming`), which our coroutines avoid. Steady, they are the floor under a coroutine"
                         " that is such a thread: a serial loop adds its baton's hand-over to each of the %d"
                         " turns (a first one and one after the sleep), so the 2.5 s target leaves it %s."
                         % (n, "; ".join("%s %s" % (label.split(" (")[0],
                                                    report_users.spread(floor[case], lambda v: fmt(v * 1000)))
                                         for case, label in sleep_cases if floor[case]),
                            2 * n, "nothing" if not steady_floor or statistics.median(steady_floor) >= 2500
                            else "%s a turn" % fmt((2500 - statistics.median(steady_floor)) * 1000 / (2 * n))))
    else:
        lines.append("- %d sleepers: not measured in this run." % n)
    lines += [
        "- spawn + join at least 10× `create_task` + `gather`: %s." % target("CoroutineBenchmark.spawnJoin", 10),
        "- queue ping-pong at least 5× `asyncio.Queue`: %s." % target("CoroutineBenchmark.pingPong", 5),
        "- lock taken in turn at least 5× `asyncio.Lock`: %s." % target("CoroutineBenchmark.lockInTurn", 5),
        "",
        "Notes:",
        "",
        "- Both sides run one event loop: one coroutine at a time (multitask's default mode), switching",
        "  at await points. Throughput rows: JMH's average time per operation (each invocation one",
        "  `loop.run` of 100 000 spawns, 10 000 round trips or 10 000 hand-overs), against the median of",
        "  CPython's whole `asyncio.run`s of the same size.",
        "- Sleepers: each sample a fresh process (`CoroutineSleepers`, `VirtualThreadSleepers`,",
        "  `coroutines.py --sleepers-child`), the five Java cases and asyncio's in turn in each round, a",
        "  round measured while other work loaded the machine thrown away (`PairedRuns`' pair",
        "  `sleepers`); the JVM with its default flags and collector. \"As a user runs it\": the program alone, no",
        "  warm-up (so it includes the JIT compiling it, and coroutines parked in interpreted frames, which",
        "  take about twice the heap); \"steady state\": the same round run once before in the same JVM",
        "  (the timed round then also collects the first round's garbage);",
        "  \"parallel mode\": the same program with `LoopOptions.parallel(true)`, as a user runs it (asyncio",
        "  has no such mode: its figure is the same asyncio run).",
        "  Python's side is a fresh interpreter, as users run it. No timed run calls `System.gc()`. Peak",
        "  RSS is `VmHWM` / `ru_maxrss`: the JVM's includes the heap it grew to, not only what is live.",
        "- A parked coroutine is a parked JDK virtual thread (the thread object, its continuation, and",
        "  its stack frames copied to the heap in a `StackChunk`) plus the `Coroutine`. The JDK's part is",
        "  most of it (the heap probe's figure for a plain virtual thread, parked in one frame of user",
        "  code); ours adds the `Coroutine` and the few frames deeper it parks (the runner, the await point).",
        "",
    ]
    return lines


def jmh_by_params(path):
    """(class.method, {param: value}) -> (median, unit), for benchmarks with @Param."""
    figures = {}
    with open(path) as f:
        for result in json.load(f):
            name = result["benchmark"].rsplit(".", 2)
            metric = result["primaryMetric"]
            key = (name[-2] + "." + name[-1], tuple(sorted(result.get("params", {}).items())))
            figures[key] = (metric["scorePercentiles"]["50.0"], metric["scoreUnit"])
    return figures


def trace_section(jmh_path):
    """The "Tracing" section: what recording costs with the trace off and on (TraceBenchmark)."""
    figures = jmh_by_params(jmh_path)

    def get(method, trace):
        key = ("TraceBenchmark." + method, (("trace", trace),))
        return to_us(*figures[key]) if key in figures else None

    lines = [
        "## Tracing (issue 22)",
        "",
        "What a timeline costs (`TraceBenchmark`): each case with no trace running and with one",
        "recording; the difference is the cost of tracing it. Per operation.",
        "",
        "| what | trace off | trace on | cost of tracing |",
        "|---|---|---|---|",
    ]
    base = get("baseline", "off")
    for title, method in [
        ("a blocking path's hook (one lock wait), beyond the loop's own `System.nanoTime()`", "recordEvent"),
        ("coroutine ping-pong round trip through two async queues (two hand-overs)", "coroutinePingPong"),
        ("a thread pool's trivial task, submit + get", "threadPoolSubmit"),
        ("a process pool's trivial task, submit + get (the worker's events ride on its reply)",
         "processPoolSubmit"),
    ]:
        off, on = get(method, "off"), get(method, "on")
        if off is None or on is None:
            lines.append("| %s | %s | %s | not measured in this run |" % (title, present(off is not None),
                                                                         present(on is not None)))
            continue
        if method == "recordEvent" and base is not None:
            off, on = off - base, on - base
            lines.append("| %s | %s | %s | %s an event |" % (title, fmt(max(off, 0)), fmt(max(on, 0)),
                                                              fmt(max(on - off, 0))))
        else:
            lines.append("| %s | %s | %s | %+.0f %% |" % (title, fmt(off), fmt(on), (on / off - 1) * 100))
    lines += [
        "",
        "With no trace on, a hook is one check of a static flag: the first row's \"trace off\" is what",
        "every blocking path pays for being traceable. Only waits that block are recorded.",
        "",
    ]
    return lines


def cluster_section(path):
    """The "Cluster" section: ClusterBench's JSON lines (one local Redis, 2 worker JVMs)."""
    rows = json_rows(path)
    lines = [
        "## Cluster on Redis (issue 24)",
        "",
        "`ClusterBench`: one local `redis-server`, 2 cluster worker JVMs, in one run; each figure the",
        "best of three rounds, the sides of each comparison alternating in every round. Redisson's side",
        "runs on the same server (its `RExecutorService` with 2 Redisson workers in this JVM, registered",
        "once, as its documentation sets them up). Workers, child JVMs and pools are started before the",
        "timed rounds, and each side runs first until every JVM it uses has compiled its code (20 s for",
        "tasks, 5 s for the others; with a few hundred tasks of warm-up, the workers' children ran",
        "interpreted, which read 0.98× Redisson in an earlier run). Steady state, best case: a program's",
        "first seconds on fresh workers are slower.",
        "",
        "| what | multitask | other | ratio |",
        "|---|---|---|---|",
    ]
    if not rows:
        return lines[:2] + ["Not measured in this run (no `redis-server` on the machine).", ""]

    def rate(name):
        row = rows.get(name)
        return row["per_s"] if row else None

    for title, ours, theirs, what in [
        ("trivial tasks, 2 workers: cluster vs Redisson `RExecutorService`", "cluster.tasks",
         "redisson.tasks", "tasks/s"),
        ("trivial tasks: cluster vs the local process pool, warm (what the network and Redis cost)",
         "cluster.tasks", "local.tasks", "tasks/s"),
        ("queue messages, 1 → 1: cluster `Queue` vs Redisson `RBlockingQueue`", "cluster.queue",
         "redisson.queue", "msgs/s"),
        ("lock acquire + release: cluster `Lock` vs Redisson `RLock`", "cluster.lock", "redisson.lock",
         "ops/s"),
    ]:
        a, b = rate(ours), rate(theirs)
        if a is None or b is None:
            lines.append("| %s | %s | %s | not measured in this run |" % (title, present(a is not None),
                                                                          present(b is not None)))
        else:
            lines.append("| %s | %s | %s | %.2f× |" % (title, fmt_rate3(a, what), fmt_rate3(b, what), a / b))
    recovery = rows.get("cluster.recovery")
    lines += [
        "",
        "- trivial tasks at least 2× Redisson's executor: %s."
        % (verdict(rate("cluster.tasks") / rate("redisson.tasks") >= 2,
                   "%.2f×" % (rate("cluster.tasks") / rate("redisson.tasks")))
           if rate("cluster.tasks") and rate("redisson.tasks") else "not measured in this run"),
        "- a SIGKILLed worker's task done by another worker after %s (the heartbeat's expiry plus the"
        " reaper's sweep)." % ("%.2f s" % recovery["seconds"] if recovery else "(not measured)"),
        "- the queue does what `RBlockingQueue` does not, in the same round trips (one per put, one"
        " per take): a take moves the element into a list of its own (`BLMOVE`, then `DEL`), so an"
        " element whose reply was lost with a connection is neither lost nor taken twice, and a put"
        " checks the closed flag and counts the unfinished tasks in its script; 7 commands against 2.",
        "",
    ]
    return lines


def fmt_rate3(per_s, what):
    """A rate to 3 significant digits (fmt_rate rounds to whole thousands, too coarse for a few k/s)."""
    for scale, prefix in ((1e6, "M "), (1e3, "k "), (1, "")):
        if per_s >= scale or scale == 1:
            v = per_s / scale
            return "%s %s%s" % (("%.3g" % v) if v < 1000 else "%.0f" % v, prefix, what)


def table_row(title, ours, theirs, call, last):
    """A row of a section's table: what, multitask, CPython, the CPython call, the ratio (or a word)."""
    return "| %s | %s | %s | %s | %s |" % (title, ours, theirs, call, last)


def missing_row(title, ours_measured, theirs_measured, call):
    """The row of a case that one side did not measure in this run."""
    return table_row(title, present(ours_measured), present(theirs_measured), call, "not measured in this run")


def code(text):
    return "`%s`" % text


def present(measured):
    return "measured" if measured else "not measured"


def verdict(ok, figure):
    return "%s (%s)" % ("met" if ok else "not met", figure)

def ab_section(path):
    """Two builds of the same JMH rows, alternating in the same minutes (bench/ab's ab.jsonl)."""
    if not path or not os.path.exists(path):
        return []
    rows = [json.loads(line) for line in open(path) if line.strip()]
    if not rows:
        return []
    lines = [
        "",
        "## Two builds side by side (`bench/ab`)",
        "",
        "The same JMH benchmarks from two builds, run in turn (the order flipping every round) in the same",
        "minutes on a quiet machine; each figure is a run's median, each cell the median of the runs",
        "with their range. Builds: old `%s`, new `%s`." % (rows[0]["old_jar"], rows[0]["new_jar"]),
        "",
        "| benchmark | old | new | new / old |",
        "|---|---|---|---|",
    ]
    for row in rows:
        o, n = statistics.median(row["old"]), statistics.median(row["new"])
        lines.append("| %s | %.3g %s (%.3g–%.3g) | %.3g %s (%.3g–%.3g) | %.2f |" % (
            row["benchmark"].rsplit(".", 2)[-2] + "." + row["benchmark"].rsplit(".", 1)[-1],
            o, row["unit"], min(row["old"]), max(row["old"]), n, row["unit"], min(row["new"]), max(row["new"]), n / o))
    return lines


if __name__ == "__main__":
    main()
