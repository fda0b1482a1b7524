"""Context for the cold figure: how long a JVM that does nothing takes to start and exit here.

Runs `java -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -version` repeatedly (the flags a
worker JVM starts with) and prints {"name": "context.jvm_version", "median_ms": ...}.
Usage: python3 jvm_floor.py JAVA [--runs N]
"""
import argparse
import json
import statistics
import subprocess
import time

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("java")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    samples = []
    for _ in range(args.runs + 2):
        t0 = time.perf_counter()
        subprocess.run([args.java, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-version"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - t0) * 1000)
    samples = sorted(samples[2:])
    print(json.dumps({"name": "context.jvm_version", "median_ms": statistics.median(samples), "n": len(samples)}), flush=True)
