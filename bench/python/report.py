"""Writes BENCHMARKS.md from one run: JMH's JSON results and the CPython baselines' JSON lines.

Usage: python3 report.py JMH_JSON PYTHON_JSONL OUTPUT_MD COMMAND
"""
import json
import platform
import subprocess
import sys
import time


def jmh_medians(path):
    medians = {}
    with open(path) as f:
        for result in json.load(f):
            name = result["benchmark"].rsplit(".", 2)
            metric = result["primaryMetric"]
            medians[name[-2] + "." + name[-1]] = (metric["scorePercentiles"]["50.0"], metric["scoreUnit"])
    return medians


def python_medians(path):
    medians = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                unit = "ms" if "median_ms" in row else "us"
                medians[row["name"]] = (row["median_" + unit], unit)
    return medians


def to_us(value, unit):
    return value * {"ms/op": 1000, "ms": 1000, "us/op": 1, "us": 1}[unit]


def fmt(us):
    return "%.1f ms" % (us / 1000) if us >= 1000 else "%.1f µs" % us


ROWS = [
    ("start+join of a trivial process job, warm standby", "JobStartBenchmark.warm", "python.process_start.fork", "fork"),
    ("start+join of a trivial process job, warm standby", "JobStartBenchmark.warm", "python.process_start.forkserver", "forkserver"),
    ("start+join of a trivial process job, cold (new JVM, AOT cache)", "JobStartBenchmark.cold", "python.process_start.spawn", "spawn"),
    ("round trip of a tiny task over the control channel", "ControlChannelBenchmark.roundTrip", "python.roundtrip.ProcessPoolExecutor", "ProcessPoolExecutor(1).submit().result()"),
    ("round trip of a tiny task over the control channel", "ControlChannelBenchmark.roundTrip", "python.roundtrip.Pool.apply", "Pool(1).apply()"),
]


def main():
    jmh_path, py_path, out_path, command = sys.argv[1:5]
    jmh = jmh_medians(jmh_path)
    py = python_medians(py_path)
    python_version = subprocess.run([sys.executable, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        "Measured side by side in one run on the same machine: multitask with JMH (`bench/src`),",
        "CPython with our own scripts (`bench/python`). Figures are medians; the ratio is",
        "CPython's time divided by multitask's (above 1: multitask is faster).",
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
        "## Jobs (issue: foundation)",
        "",
        "| what | multitask | CPython | CPython call | ratio |",
        "|---|---|---|---|---|",
    ]
    for title, jkey, pkey, pcall in ROWS:
        if jkey not in jmh or pkey not in py:
            lines.append("| %s | %s | %s | `%s` | not measured in this run |" % (title, jkey in jmh, pkey in py, pcall))
            continue
        j = to_us(*jmh[jkey])
        p = to_us(*py[pkey])
        lines.append("| %s | %s | %s | `%s` | %.2f× |" % (title, fmt(j), fmt(p), pcall, p / j))
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
            "- cold start+join at or under Python's `spawn`: %s (%s vs %s)."
            % ("met" if to_us(*cold) <= to_us(*spawn) else "not met", fmt(to_us(*cold)), fmt(to_us(*spawn))),
        ]
        if floor:
            lines.append("  For scale: `java -version` alone, with a worker's flags, takes %s here: a cold job"
                         " is a JVM start plus its own work." % fmt(to_us(*floor)))
    lines += [
        "",
        "Notes:",
        "",
        "- *warm*: a standby worker JVM is started and ready before each job (the refill is not",
        "  timed), as a forkserver's server is; the job still gets a process of its own, which",
        "  exits after it. *cold*: no standby, every job starts a JVM (with the AOT cache).",
        "- A job ends when its worker reports DONE (body finished, its threads ended, output",
        "  flushed, `_exit` under way); the OS's teardown of the JVM (~10 ms) is reaped in the",
        "  background and is not part of the figure. Python's `join()` includes `waitpid`.",
        "- The machine has 2 cores; expect run-to-run noise of 10-20 %.",
        "",
    ]
    with open(out_path, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
