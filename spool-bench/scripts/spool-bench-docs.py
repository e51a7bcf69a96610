#!/usr/bin/env python3
"""Regenerates the `spool bench` section of docs/benchmarks.md: runs the two documented commands and puts
their output (and the date) between the section's markers; the charts and the raw samples land in docs/bench.

  java    bin/spool bench --vs --json docs/bench/java.json --chart docs/bench/java.svg
  shell   bin/spool bench --vs --workers 1,2,4 ... -- true {} ::: 1..200

Usage: spool-bench/scripts/spool-bench-docs.py      (from anywhere; takes about two minutes on 2 cores)
The "Reading" paragraphs are prose: check them against the new figures by hand.
"""
import datetime
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")

RUNS = {
    "java": ["bench", "--vs", "--json", "docs/bench/java.json", "--chart", "docs/bench/java.svg"],
    "shell": ["bench", "--vs", "--workers", "1,2,4", "--json", "docs/bench/shell.json",
              "--chart", "docs/bench/shell.svg", "--", "true", "{}", ":::"] + [str(i) for i in range(1, 201)],
}
SHOWN = {
    "java": "bin/spool bench --vs --json docs/bench/java.json --chart docs/bench/java.svg",
    "shell": "bin/spool bench --vs --workers 1,2,4 --json docs/bench/shell.json --chart docs/bench/shell.svg"
             " -- true {} ::: $(seq 1 200)",
}


def main():
    os.makedirs(os.path.join(ROOT, "docs", "bench"), exist_ok=True)
    text = open(DOC, encoding="utf-8").read()
    today = datetime.date.today().isoformat()
    for name, args in RUNS.items():
        print(f"running {SHOWN[name]} ...", file=sys.stderr)
        run = subprocess.run([os.path.join(ROOT, "bin", "spool")] + args, cwd=ROOT, capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"{SHOWN[name]} failed with {run.returncode}:\n{run.stderr}")
        block = f"<!-- bench:{name} -->\n```\n$ {SHOWN[name]}\n# {today}\n{run.stdout.rstrip()}\n```\n<!-- /bench:{name} -->"
        pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
        if not pattern.search(text):
            sys.exit(f"{DOC}: no <!-- bench:{name} --> markers")
        text = pattern.sub(lambda m: block, text)
    open(DOC, "w", encoding="utf-8").write(text)
    print(f"updated {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
