#!/usr/bin/env python3
"""Measures two builds of the spool command side by side: one job's wall time and the 2,000-job rate.

A change to the command must not make what a run does not use cost start-up time. This compares the
checkout this script is in ("this") with another checkout ("baseline", such as a `git worktree` at an
older commit), in alternating rounds (baseline, this, baseline, this, ...) so that the drift of a shared
machine hurts both alike; the report gives medians and the ratio this/baseline.

Usage:
  git worktree add /tmp/base 33e9f0d && /tmp/base/bin/spool --version
  spool-bench/scripts/compare-revisions.py --baseline /tmp/base [--rounds 7] [--jobs 2000]
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
THIS = os.path.abspath(os.path.join(HERE, "..", ".."))


def _runners():
    """compare-runners.py, for its timed(): the same timing and failure report as the runner comparison."""
    spec = importlib.util.spec_from_file_location("compare_runners", os.path.join(HERE, "compare-runners.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


timed = _runners().timed


def git_head(checkout):
    return subprocess.run(["git", "-C", checkout, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, help="another checkout of spool, built")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--one-job-runs", type=int, default=5, help="one-job runs per round")
    args = parser.parse_args()

    builds = {"baseline": os.path.abspath(args.baseline), "this": THIS}
    for name, checkout in builds.items():
        # builds the jar and trains its AOT cache when needed, outside the timing
        subprocess.run([os.path.join(checkout, "bin", "spool"), "--version"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([os.path.join(checkout, "bin", "spool"), "echo", ":::", "a"], check=True,
                       stdout=subprocess.DEVNULL)
    lines = "".join(f"{i}\n" for i in range(1, args.jobs + 1)).encode()
    one = {name: [] for name in builds}
    many = {name: [] for name in builds}
    for _ in range(args.rounds):
        for name, checkout in builds.items():
            spool = os.path.join(checkout, "bin", "spool")
            for _ in range(args.one_job_runs):
                one[name].append(timed([spool, "echo", ":::", "a"]))
            many[name].append(timed([spool, "-j2", "true"], lines))

    load = open("/proc/loadavg").read().split()[:3]
    print(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {os.cpu_count()} cores, load {' '.join(load)}")
    print(f"# baseline {git_head(builds['baseline'])}, this {git_head(THIS)}; {args.rounds} alternating rounds")
    print("| build | one job, median ms (min-max) | "
          f"{args.jobs} x true at -j2, median s (min-max) | jobs/s |")
    print("|---|---|---|---|")
    for name in builds:
        o, m = one[name], many[name]
        print(f"| {name} {git_head(builds[name])} | {statistics.median(o) * 1000:.0f} "
              f"({min(o) * 1000:.0f}-{max(o) * 1000:.0f}) | {statistics.median(m):.3f} "
              f"({min(m):.3f}-{max(m):.3f}) | {args.jobs / statistics.median(m):.0f} |")
    print(f"- one job, this/baseline wall time: {statistics.median(one['this']) / statistics.median(one['baseline']):.2f}x")
    print(f"- {args.jobs} jobs, this/baseline rate: "
          f"{statistics.median(many['baseline']) / statistics.median(many['this']):.2f}x")


if __name__ == "__main__":
    main()
