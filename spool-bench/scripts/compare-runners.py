#!/usr/bin/env python3
"""Measures spool against xargs -P, GNU parallel and a raw posix_spawn loop, side by side in one run.

Every tool runs the same jobs in alternating rounds (A B C D, A B C D, ...) so that the drift of a noisy
machine hurts all alike; the report gives medians and ratios, never a lone absolute figure.

Usage: spool-bench/scripts/compare-runners.py [--jobs 2000] [--rounds 5] [--peak-jobs 100000]
Needs: bin/spool built (it builds itself), gcc, xargs; GNU parallel if installed (skipped otherwise).
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPOOL = os.path.join(ROOT, "bin", "spool")


def machine_line():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    java = subprocess.run([SPOOL, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}, {java}"


def timed(cmd, stdin_data=None):
    start = time.perf_counter()
    r = subprocess.run(cmd, input=stdin_data, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode(errors='replace')}")
    return elapsed


def peak_rss_kib(cmd, stdin_data):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, input=stdin_data,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode(errors='replace')}")
    return int(r.stderr.decode().strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--peak-jobs", type=int, default=100_000)
    args = ap.parse_args()

    subprocess.run([SPOOL, "--version"], check=True, stdout=subprocess.DEVNULL)  # builds if needed
    tmp = tempfile.mkdtemp(prefix="spool-bench-")
    spawn_loop = os.path.join(tmp, "spawn_loop")
    subprocess.run(["gcc", "-O2", "-o", spawn_loop, os.path.join(ROOT, "spool-bench/src/main/c/spawn_loop.c")],
                   check=True)
    n = args.jobs
    lines = "".join(f"{i}\n" for i in range(n)).encode()
    tools = {
        "spool -j2": ([SPOOL, "-j2", "true"], lines),
        "xargs -P2 -n1": (["xargs", "-P2", "-n1", "true"], lines),
        "posix_spawn loop (C), 2 at once": ([spawn_loop, str(n), "2", "/bin/true"], None),
    }
    have_parallel = shutil.which("parallel") is not None
    if have_parallel:
        tools["GNU parallel -j2"] = (["parallel", "-j2", "true"], lines)

    samples = {name: [] for name in tools}
    for r in range(args.rounds):
        for name, (cmd, data) in tools.items():
            samples[name].append(timed(cmd, data))
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

    rate = {name: n / statistics.median(s) for name, s in samples.items()}
    print(f"# Job runners: {n} jobs of `true` at 2 at once, {args.rounds} alternating rounds")
    print(f"Machine: {machine_line()}")
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"Command: spool-bench/scripts/compare-runners.py --jobs {n} --rounds {args.rounds} --peak-jobs {args.peak_jobs}")
    print()
    print("| tool | median s | min-max s | jobs/s |")
    print("|---|---|---|---|")
    for name, s in samples.items():
        print(f"| {name} | {statistics.median(s):.3f} | {min(s):.3f}-{max(s):.3f} | {rate[name]:.0f} |")
    print()
    spool = rate["spool -j2"]
    print(f"- spool / xargs -P2: **{spool / rate['xargs -P2 -n1']:.2f}x**")
    if have_parallel:
        print(f"- spool / GNU parallel: **{spool / rate['GNU parallel -j2']:.2f}x**")
    print(f"- spool / posix_spawn loop: **{spool / rate['posix_spawn loop (C), 2 at once']:.2f}x**")

    # One job's wall time, start-up included.
    one = {"spool": [SPOOL, "true", ":::", "x"]}
    if have_parallel:
        one["GNU parallel"] = ["parallel", "true", ":::", "x"]
    one_samples = {name: [] for name in one}
    for r in range(max(args.rounds, 5)):
        for name, cmd in one.items():
            one_samples[name].append(timed(cmd))
    print()
    print("| one job, start-up included | median ms | min-max ms |")
    print("|---|---|---|")
    for name, s in one_samples.items():
        print(f"| {name} | {statistics.median(s) * 1000:.0f} | {min(s) * 1000:.0f}-{max(s) * 1000:.0f} |")
    if have_parallel:
        ratio = statistics.median(one_samples["spool"]) / statistics.median(one_samples["GNU parallel"])
        print(f"\n- spool's one-job wall time / GNU parallel's: **{ratio:.2f}x** (lower is better)")

    # Peak memory with -k over many jobs from stdin.
    big = "".join(f"{i}\n" for i in range(args.peak_jobs)).encode()
    kib = peak_rss_kib([SPOOL, "-k", "-j2", "true"], big)
    print(f"\n- peak RSS of `spool -k -j2 true` over {args.peak_jobs} jobs from stdin: **{kib / 1024:.0f} MiB**")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
