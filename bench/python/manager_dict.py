"""CPython baseline: multiprocessing.Manager()'s dict between processes, and the tutorial's
manager program as a whole.

The dict cases use the "spawn" start method and the crew protocol of sync_primitives.py (children
started once per case serve every run; warm-up runs pick n; figures are medians over the measured
runs). multitask's counterpart: bench/src/.../ManagerAcrossProcesses.java, with the same protocol.

- python.manager.getput_2proc: d = Manager().dict() of 1000 string keys; 2 children each do n
  times `k = random key; d[k] = d[k] + 1`. {"median_ns": the run's time / the 2n operations each
  child made: one get or set in a process while another works on the same dict}
- python.manager.locked_increment_2proc: 2 children each do n times `with lock: d['hits'] += 1`
  (a Lock of the context; a proxy has no atomic update). The parent checks d['hits'] == 2n after
  every run. {"median_ns": per increment in a child}
- python.manager.program_fork / program_spawn: the tutorial's program (a Manager dict {'key': 100},
  100 processes each decrement it under a Lock, all started at once, then joined; it must print
  {'key': 0}) run by a fresh python3 with the start method set, from launch to exit.
  {"median_ms": over --program-runs runs after one warm-up}

Prints one JSON object per line, as the other scripts.
Usage: python3 manager_dict.py [--seconds S] [--program-runs N]
"""
import argparse
import json
import multiprocessing as mp
import random
import statistics
import subprocess
import os
import sys
import tempfile
import time

from sync_primitives import Crew, repeat

KEYS = ["key%d" % i for i in range(1000)]

PROGRAM = """
import multiprocessing as mp
from multiprocessing import Process, Manager, Lock

def change_dic(dic, lock):
    with lock:
        dic['key'] -= 1

if __name__ == '__main__':
    mp.set_start_method(%r)
    m = Manager()
    dic = m.dict({'key': 100})
    lock = Lock()
    p_l = []
    for i in range(100):
        p = Process(target=change_dic, args=(dic, lock))
        p.start()
        p_l.append(p)
    for p in p_l:
        p.join()
    print(dic)
"""


# --- work done by the children, n iterations per command (top-level functions: spawn pickles them)

def gets_and_sets(n, d):
    rnd = random.Random()
    for _ in range(n):
        k = KEYS[rnd.randrange(1000)]
        d[k] = d[k] + 1


def locked_increments(n, d, lock):
    for _ in range(n):
        with lock:
            d['hits'] += 1


# --- the cases

def getput(ctx, manager, seconds):
    d = manager.dict({k: 0 for k in KEYS})
    crew = Crew(ctx, 2, gets_and_sets, (d,))
    try:
        per_iteration, runs, n = repeat(lambda n, measured: crew.run(n), 200, seconds)
    finally:
        crew.close()
    return {"name": "python.manager.getput_2proc", "median_ns": per_iteration / 2 * 1e9, "runs": runs, "n": n,
            "processes": 2}


def locked_increment(ctx, manager, seconds):
    d = manager.dict()
    lock = ctx.Lock()
    crew = Crew(ctx, 2, locked_increments, (d, lock))

    def run(n, measured):
        d['hits'] = 0
        elapsed = crew.run(n)
        assert d['hits'] == 2 * n, "counted %d, expected %d" % (d['hits'], 2 * n)
        return elapsed

    try:
        per_iteration, runs, n = repeat(run, 200, seconds)
    finally:
        crew.close()
    return {"name": "python.manager.locked_increment_2proc", "median_ns": per_iteration * 1e9, "runs": runs,
            "n": n, "processes": 2}


def program(method, runs):
    times = []
    with tempfile.TemporaryDirectory(prefix="manager-dict-") as folder:
        script = os.path.join(folder, "manager_dict_program.py")  # spawn re-imports the main module
        with open(script, "w") as f:
            f.write(PROGRAM % method)
        for i in range(runs + 1):
            t0 = time.monotonic()
            out = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=600)
            elapsed = time.monotonic() - t0
            if out.returncode != 0 or out.stdout.strip() != "{'key': 0}":
                raise RuntimeError("the tutorial's program failed with %s: %s %s"
                                   % (method, out.stdout, out.stderr[-2000:]))
            if i > 0:
                times.append(elapsed)
    return {"name": "python.manager.program_" + method, "median_ms": statistics.median(times) * 1e3,
            "runs": runs, "processes": 100}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--program-runs", type=int, default=5)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        print(json.dumps(getput(ctx, manager, args.seconds)), flush=True)
        print(json.dumps(locked_increment(ctx, manager, args.seconds)), flush=True)
    for method in ("fork", "spawn"):
        print(json.dumps(program(method, args.program_runs)), flush=True)


if __name__ == "__main__":
    main()
