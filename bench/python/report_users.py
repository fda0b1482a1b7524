"""BENCHMARKS.md's section "As users meet it" (issue 23), from PairedRuns' JSON lines.

Each line is one pair: per side (multitask, python, python.<method>, hello), per figure, one value
per kept round, aligned across sides. A figure is the median over rounds with its range; a ratio is
the median of the per-round ratios (each taken between samples of the same round) with its range.
A pair that PairedRuns refused (the machine was busy) is shown as such, with its reason.
"""
import json
import os
import statistics

METHODS = ("spawn", "forkserver", "fork")


def load(path):
    if path is None or not os.path.exists(path):
        return {}
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                rows[row["name"]] = row
    return rows


def values(row, side, figure):
    return (row or {}).get("sides", {}).get(side, {}).get(figure)


def rate(per_s, what):
    if per_s >= 1e6:
        return "%.2f M %s" % (per_s / 1e6, what)
    if per_s >= 1e3:
        return "%.0f k %s" % (per_s / 1e3, what)
    return "%.0f %s" % (per_s, what)


def ms(v):
    return "%.1f ms" % v if v < 100 else "%.0f ms" % v


def spread(vs, show):
    """median (min–max) of a list of figures, each shown by show."""
    if not vs:
        return "—"
    med = statistics.median(vs)
    if len(vs) == 1:
        return show(med)
    return "%s (%s–%s)" % (show(med), show(min(vs)), show(max(vs)))


def ratio_of(ours, theirs, higher_is_better):
    """Per-round ratios, above 1 when multitask is better: rates ours/theirs, times theirs/ours."""
    if not ours or not theirs:
        return []
    return [(o / t if higher_is_better else t / o) for o, t in zip(ours, theirs) if o > 0 and t > 0]


def ratio_text(rs):
    if not rs:
        return "—"
    med = statistics.median(rs)
    if len(rs) == 1:
        return "%.2f×" % med
    return "%.2f× (%.2f–%.2f)" % (med, min(rs), max(rs))


def refused(row):
    return row is not None and "refused" in row


def section(path):
    rows = load(path)
    if not rows:
        return []
    lines = [
        "## As users meet it (issue 23)",
        "",
        "Programs as users write them, each sample a fresh process (its first calls included), multitask",
        "and CPython measured in turn in the same minutes (`PairedRuns`: `UserWorkloads.java` against",
        "`as_users.py`). Figures: the median over kept rounds, the range in parentheses; ratios: the",
        "median of the ratios taken within each round (above 1: multitask is better).",
        "",
        "| workload | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    verdicts = []

    def row_rate(title, pair, ours_side, ours_fig, theirs_side, theirs_fig, call, what):
        row = rows.get("paired." + pair)
        if row is None:
            lines.append("| %s | not measured | not measured | `%s` | not measured in this run |" % (title, call))
            return None
        if refused(row):
            lines.append("| %s | — | — | `%s` | %s |" % (title, call, row["refused"]))
            return None
        o, t = values(row, ours_side, ours_fig), values(row, theirs_side, theirs_fig)
        rs = ratio_of(o, t, True)
        lines.append("| %s | %s | %s | `%s` | %s |" % (
            title, spread(o or [], lambda v: rate(v, what)), spread(t or [], lambda v: rate(v, what)), call,
            ratio_text(rs)))
        return statistics.median(rs) if rs else None

    first_map = row_rate("`pool.map(x -> x, items, 1000)` over 1 M Integers, the first call after a 100 k warm-up"
                         " (fresh program, `ctx.pool(2)`), every result read",
                         "map", "multitask", "first_items_per_s", "python", "first_items_per_s",
                         "Pool(2).map(identity, items, 1000)", "items/s")
    steady_map = row_rate("the same, 8th call (steady state)", "map", "multitask", "steady_items_per_s", "python",
                          "steady_items_per_s", "Pool(2).map, 8th call", "items/s")
    row_rate("`pool.map(x -> x, items)` over 1 M Integers, no chunk size, first call after a 100 k warm-up",
             "map_auto", "multitask", "first_items_per_s", "python", "first_items_per_s",
             "Pool(2).map(identity, items)", "items/s")
    row_rate("`pool.map(p -> p.a() + p.b(), items, 1000)` over 1 M records of two ints, the first call after"
             " a 100 k warm-up (fresh program, `ctx.pool(2)`)",
             "starmap", "multitask", "first_items_per_s", "python", "first_items_per_s",
             "Pool(2).starmap(add, tuples, 1000)", "items/s")
    row_rate("the same, 4th call", "starmap", "multitask", "steady_items_per_s", "python",
             "steady_items_per_s", "Pool(2).starmap, 4th call", "items/s")
    lambdas = row_rate("`pool.submit(() -> k)` × 20 000, capturing lambdas, all in flight, then every result;"
                       " the first batch after 2000 (fresh program, `ctx.pool(2)`)",
                       "submit", "multitask", "first_tasks_per_s", "python", "first_tasks_per_s",
                       "ProcessPoolExecutor(2).submit(echo, k)", "tasks/s")
    steady_lambdas = row_rate("the same, 4th batch", "submit", "multitask", "steady_tasks_per_s", "python",
                              "steady_tasks_per_s", "ProcessPoolExecutor(2).submit, 4th batch", "tasks/s")
    row_rate("`pool.submit(task)` × 20 000, one stateless task object, first batch (a program of its own)",
             "submit", "multitask.object", "first_tasks_per_s", "python", "first_tasks_per_s",
             "ProcessPoolExecutor(2).submit(echo, k)", "tasks/s")
    row_rate("the same, 4th batch", "submit", "multitask.object", "steady_tasks_per_s", "python",
             "steady_tasks_per_s", "ProcessPoolExecutor(2).submit, 4th batch", "tasks/s")
    unbounded = row_rate("`ctx.queue()` (default, unbounded): 1 child puts 2 M Integers, the parent takes them;"
                         " the first 2 M (fresh program)", "queue", "multitask", "first_msgs_per_s", "python",
                         "first_msgs_per_s", "Queue(): put(i) / get()", "msgs/s")
    bounded = row_rate("`ctx.queue(65536)`, the same", "queue", "multitask.bounded", "first_msgs_per_s", "python",
                       "first_msgs_per_s", "Queue(): put(i) / get()", "msgs/s")
    steady_queue = row_rate("`ctx.queue()`, the 4th 2 M from the same child", "queue", "multitask",
                            "steady_msgs_per_s", "python", "first_msgs_per_s", "Queue(): put(i) / get()", "msgs/s")
    steady_bounded = row_rate("`ctx.queue(65536)`, the 4th 2 M", "queue", "multitask.bounded", "steady_msgs_per_s",
                              "python", "first_msgs_per_s", "Queue(): put(i) / get()", "msgs/s")

    lines += [
        "",
        "| process starts (fresh program, `Multitask.processes()`) | multitask | `spawn` | `forkserver` | `fork` |",
        "|---|---|---|---|---|",
    ]
    start_ratios = {}

    def start_row(title, pair, figure, show=ms, lower_is_better=True):
        row = rows.get("paired." + pair)
        if row is None:
            lines.append("| %s | not measured in this run | | | |" % title)
            return
        if refused(row):
            lines.append("| %s | %s | | | |" % (title, row["refused"]))
            return
        ours = values(row, "multitask", figure)
        cells = [spread(ours or [], show)]
        for method in METHODS:
            theirs = values(row, "python." + method, figure)
            rs = ratio_of(ours, theirs, not lower_is_better)
            start_ratios[(pair, figure, method)] = statistics.median(rs) if rs else None
            cells.append("%s; ratio %s" % (spread(theirs or [], show), ratio_text(rs)) if theirs else "—")
        lines.append("| %s | %s |" % (title, " | ".join(cells)))

    start_row("start+join of a trivial job, 20 back to back in a loop: the loop's time / 20", "start_loop",
              "mean_ms")
    start_row("the same: the first start of the loop", "start_loop", "first_ms")
    start_row("start+join of a job that reads an `Event` it was given, 20 back to back: the loop's time / 20",
              "start_event", "mean_ms")
    start_row("start+join, 10 of them 400 ms apart: median", "start_spaced", "median_ms")
    start_row("start 10 jobs at once, then join all: the first burst", "burst", "first_ms")
    start_row("the same, later bursts (1 s apart): median", "burst", "later_ms")
    start_row("resident memory (VmRSS) of a child waiting on an Event, 1 s after its start", "rss", "rss_mib",
              show=lambda v: "%.1f MiB" % v)
    start_row("the same, proportional set size (Pss: shared pages divided among their users)", "rss", "pss_mib",
              show=lambda v: "%.1f MiB" % v)
    hello = values(rows.get("paired.start_loop"), "hello", "median_ms")
    if hello:
        lines.append("| for scale: a JVM printing \"hi\" with a worker's flags and an AOT cache trained for it (median of 5 per round) | %s | | | |"
                     % spread(hello, ms))
    idle = values(rows.get("paired.rss"), "idle", "rss_mib")
    if idle:
        lines.append("| for scale: a JVM with a worker's flags and an AOT cache that printed \"hi\" and sleeps, VmRSS 1 s later"
                     " | %s | | | |" % spread(idle, lambda v: "%.1f MiB" % v))

    def verdict(ok, text):
        return ("met" if ok else "not met") + " (" + text + ")"

    lines += ["", "Against issue 23's targets (same run, medians of per-round ratios):", ""]
    def later(r, when):
        # what the same program reaches once its JVMs have compiled the path: the first call's gap
        return "" if r is None else "; the same program's %s: %.2f×" % (when, r)

    def compiling(pair, side, what):
        # where the first call's CPU went: the JIT compiler threads of the program and its children
        cpu = values(rows.get("paired." + pair), side, "first_cpu_ms")
        jit = values(rows.get("paired." + pair), side, "first_jit_ms")
        if not cpu or not jit:
            return ""
        return ("; of the %s's CPU, %s in all its JVMs, their JIT compiler threads used %s"
                % (what, ms(statistics.median(cpu)), ms(statistics.median(jit))))

    if first_map is not None:
        lines.append("- first-call `map` of 1 M Integers at least 3× `Pool(2).map`: %s."
                     % verdict(first_map >= 3, "%.2f×%s%s" % (first_map, later(steady_map, "8th call"),
                                                             compiling("map", "multitask", "first call"))))
    if lambdas is not None:
        lines.append("- capturing lambdas at least 10× `ProcessPoolExecutor.submit`: %s."
                     % verdict(lambdas >= 10, "%.2f×%s%s" % (lambdas, later(steady_lambdas, "4th batch"),
                                                            compiling("submit", "multitask", "first batch"))))
    for name, side, r, r4 in (("`ctx.queue()`", "multitask", unbounded, steady_queue),
                              ("`ctx.queue(65536)`", "multitask.bounded", bounded, steady_bounded)):
        if r is not None:
            lines.append("- %s at least 25× `multiprocessing.Queue` from the first message: %s."
                         % (name, verdict(r >= 25, "%.1f×%s%s" % (r, later(r4, "4th 2 M"),
                                                                   compiling("queue", side, "first 2 M")))))
    for pair, figure, what in (("start_loop", "mean_ms", "back-to-back start+join"),
                               ("burst", "first_ms", "a burst of 10")):
        spawn = start_ratios.get((pair, figure, "spawn"))
        forkserver = start_ratios.get((pair, figure, "forkserver"))
        if spawn is not None and forkserver is not None:
            spawn_ms = values(rows.get("paired." + pair), "python.spawn", figure)
            floor = ("; a JVM printing \"hi\" with a worker's flags and an AOT cache takes %s, `spawn`'s start+join %s"
                     % (ms(statistics.median(hello)), ms(statistics.median(spawn_ms)))
                     if hello and spawn_ms and pair == "start_loop" else "")
            lines.append("- %s at or under `spawn`: %s; within 5× `forkserver`: %s." % (
                what, verdict(spawn >= 1, "%.2f× spawn%s" % (spawn, floor)),
                verdict(forkserver >= 0.2, "%.1f× forkserver's time" % (1 / forkserver))))
    rss = values(rows.get("paired.rss"), "multitask", "rss_mib")
    if rss:
        floor = ("; a JVM with a worker's flags and an AOT cache that only sleeps: %.1f MiB" % statistics.median(idle)) if idle else ""
        lines.append("- resident memory of an idle child at most 30 MB: %s."
                     % verdict(statistics.median(rss) * 1.048576 <= 30, "%.1f MiB%s" % (statistics.median(rss), floor)))
    kept = []
    for name, row in rows.items():
        if "refused" in row:
            continue
        loads = row.get("load_before") or [0]
        others = row.get("others_share") or [0]
        kept.append("%s %d kept, %d thrown away (load average before them %.2f–%.2f; others' share of the"
                    " cores %.0f–%.0f %%)" % (name.replace("paired.", ""), row["kept_rounds"],
                                               row["discarded_rounds"], min(loads), max(loads),
                                               100 * min(others), 100 * max(others)))
    limit = next((row["busy_above"] for row in rows.values() if "busy_above" in row), None)
    lines += [
        "",
        "Notes:",
        "",
        "- Rounds%s: %s." % (" (a round is thrown away when others use more than %.0f %% of the cores)" % (100 * limit)
                             if limit is not None else "", "; ".join(kept) if kept else "none kept"),
        "- Every sample is a fresh process: a fresh JVM running `UserWorkloads` (`Multitask.processes()`,",
        "  default options), a fresh `python3` running `as_users.py` (the default start method, `fork` on",
        "  Linux before 3.14, unless a column names one). So each side meets its own first calls: the",
        "  interpreter and JIT of the parent and of each worker JVM; CPython has no JIT, and its later",
        "  calls run as its first.",
        "- A round is one sample of each side in an order that rotates from round to round. Before it the",
        "  1-minute load average is printed and the round waits while a JDK AOT training runs anywhere on",
        "  the machine. A round in which other work used more than the limit of the machine's cores (other",
        "  processes' CPU, from `/proc/stat` minus the CPU of this benchmark's own process tree, `PairedRuns`",
        "  being their subreaper; or an AOT training ran) is thrown away and measured again; a pair that",
        "  cannot keep its rounds so is not reported, and its row says why. The load average alone cannot",
        "  decide: it counts this benchmark's own processes.",
        "- The map: `List<Integer>`s built before timing (`IntStream.range(...).boxed().toList()`, Python",
        "  `list(range(...))`); the figure is items per second from the call to the end of a loop that",
        "  reads and sums every result. Over records: `record Item(int a, int b)`, `Item(i, 1)` for each",
        "  `i`, against Python's `starmap(add, [(i, 1), ...])`. Submit: the lambda captures the loop's `k`",
        "  and returns it; the stateless object returns 42, in a program of its own (run after the",
        "  lambdas in one program, its first batch met a pool the lambdas had warmed: measured, a first",
        "  batch of task objects costs what one of lambdas does); Python's `echo(k)` is a module-level",
        "  function.",
        "- Queue: the child is started and waits at a `Barrier(2)` (its start is not timed); the figure",
        "  runs from the barrier to the parent's last take, which checks the order. CPython measures one",
        "  batch, as its later batches run as its first; ours also reports the child's 4th.",
        "- Starts: the job is `ctx.start(() -> {})`; Python's `Process(target=noop)`. With an `Event`:",
        "  `ctx.start(() -> event.isSet())` with `ctx.event()`; Python's `Process(target=is_set,",
        "  args=(event,))` with the context's `Event()`. Bursts: 10 `start`s, then a `join` of each,",
        "  timed from the first start to the last join; 3 bursts 1 s apart.",
        "- Resident memory: `VmRSS` of `/proc/<pid>/status` counts the child's shared pages too (the",
        "  JVM's `libjvm.so` and AOT cache, CPython's pages shared with the parent after `fork`); `Pss`",
        "  of `smaps_rollup` divides each shared page among the processes that map it.",
        "",
    ]
    return lines
