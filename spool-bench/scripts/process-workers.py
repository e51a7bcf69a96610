#!/usr/bin/env python3
"""Measures Spool's process workers side by side with Python's multiprocessing, in one run.

Rounds alternate Java and Python (J P J P ...) so that the drift of a noisy machine hurts both alike; the
report gives medians and ratios, not lone absolute figures. The tiny task is "double an integer".

  round trip   2 workers, one task per message: Spool map(chunkSize 1) vs Pool.imap(chunksize=1)
  chunked      2 workers: Spool map(chunkSize 1000) vs Pool.map(chunksize=1000)
  start        building a pool of one worker (child started and ready), median of 5; RSS of a warm child
  cpu          a CPU-bound task at 1 and 2 workers for PLATFORM, VIRTUAL and PROCESS (Java only)

Usage: spool-bench/scripts/process-workers.py [--rounds 3] [--roundtrip 100000] [--chunked 2000000] [--no-build]
Prints a Markdown section for docs/benchmarks.md.
"""
import argparse
import multiprocessing as mp
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
JAVA = os.path.join(JAVA_HOME, "bin", "java")
CLASSPATH = os.pathsep.join(os.path.join(ROOT, m, "target", "classes") for m in ("spool-core", "spool-bench"))


def double(x):
    return x * 2


def java(*args):
    out = subprocess.run([JAVA, "-cp", CLASSPATH, "dev.spool.bench.ProcessWorkersBench", *map(str, args)],
                         capture_output=True, text=True, check=True).stdout
    return {name: float(value) for name, value in (line.split() for line in out.splitlines() if line.strip())}


def python_roundtrip(n):
    with mp.Pool(2) as pool:
        list(pool.imap(double, range(n), chunksize=1))
        start = time.perf_counter()
        list(pool.imap(double, range(n), chunksize=1))
        return n / (time.perf_counter() - start)


def python_chunked(n):
    with mp.Pool(2) as pool:
        pool.map(double, range(n), chunksize=1000)
        start = time.perf_counter()
        pool.map(double, range(n), chunksize=1000)
        return n / (time.perf_counter() - start)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def python_start(rounds):
    times, rss = [], 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        with mp.Pool(1) as pool:
            pid = pool.apply(os.getpid)  # the pool is ready once its worker has answered
            times.append((time.perf_counter() - start) * 1000)
            list(pool.imap(double, range(20000)))
            rss = rss_mib(pid)
    return statistics.median(times), rss


def machine_line():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    version = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}; "
            f"{version}; Python {platform.python_version()} (start method {mp.get_start_method()})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--roundtrip", type=int, default=100_000)
    parser.add_argument("--chunked", type=int, default=2_000_000)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-ntp", "-f", os.path.join(ROOT, "pom.xml"),
                        "-pl", "spool-core,spool-bench", "compile"], check=True)

    jr, pr, jc, pc = [], [], [], []
    for r in range(args.rounds):
        jr.append(java("roundtrip", args.roundtrip)["roundtrip_per_s"])
        pr.append(python_roundtrip(args.roundtrip))
        jc.append(java("chunked", args.chunked)["chunked_per_s"])
        pc.append(python_chunked(args.chunked))
        print(f"round {r + 1}: round trip spool {jr[-1]:,.0f}/s python {pr[-1]:,.0f}/s; "
              f"chunked spool {jc[-1]:,.0f}/s python {pc[-1]:,.0f}/s", file=sys.stderr)
    start = java("start", 5)
    py_start_ms, py_rss = python_start(5)
    cpu = java("cpu", 8, 40)

    med = statistics.median
    print("## Process workers\n")
    print(f"Command: `python3 spool-bench/scripts/process-workers.py --rounds {args.rounds} --roundtrip "
          f"{args.roundtrip} --chunked {args.chunked}`  ")
    print(f"Machine: {machine_line()}\n")
    print("Tiny task (double an integer), 2 workers, median of the rounds; ratio = Spool / Python.\n")
    print("| measure | Spool PROCESS | Python multiprocessing | ratio |")
    print("|---|---|---|---|")
    print(f"| round trip, one task per message (`map` chunkSize 1 vs `Pool.imap(chunksize=1)`) | "
          f"{med(jr):,.0f} tasks/s | {med(pr):,.0f} tasks/s | {med(jr) / med(pr):.2f}x |")
    print(f"| chunked (`map` chunkSize 1000 vs `Pool.map(chunksize=1000)`) | {med(jc):,.0f} tasks/s | "
          f"{med(pc):,.0f} tasks/s | {med(jc) / med(pc):.2f}x |")
    print(f"| start one worker, ready (median of 5) | {start['start_ms_median']:.0f} ms | {py_start_ms:.0f} ms | "
          f"{start['start_ms_median'] / py_start_ms:.1f}x |")
    print(f"| memory of a warm child (RSS) | {start['child_rss_mib']:.0f} MiB | {py_rss:.0f} MiB | "
          f"{start['child_rss_mib'] / py_rss:.1f}x |")
    print("\nCPU-bound task (8 inputs of 40-million-round xorshift), seconds for all 8, warm pools:\n")
    print("| kind | 1 worker | 2 workers | speed-up |")
    print("|---|---|---|---|")
    for kind in ("platform", "virtual", "process"):
        one, two = cpu[f"cpu_{kind}_1_s"], cpu[f"cpu_{kind}_2_s"]
        print(f"| {kind.upper()} | {one:.2f} s | {two:.2f} s | {one / two:.2f}x |")


if __name__ == "__main__":
    main()
