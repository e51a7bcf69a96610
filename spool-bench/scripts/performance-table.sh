#!/usr/bin/env bash
# Issue 12's performance table in one sitting: the pool rows (JMH), the process-worker rows (vs Python's
# multiprocessing) and the command rows (vs xargs -P, GNU parallel and a C posix_spawn loop), each against
# its peer in the same run. Run from a fresh clone after `./mvnw -q package -DskipTests`, on a machine with
# nothing else running; the load average is printed before and after each part. About 3 minutes.
#
#   spool-bench/scripts/performance-table.sh [SITTINGS]     SITTINGS (default 1) sittings in a row
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-java.sh
spool_find_java || exit 255
export JAVA_HOME=$SPOOL_JAVA_HOME PATH=$SPOOL_JAVA_HOME/bin:$PATH
for ((i = 1; i <= ${1:-1}; i++)); do
  echo "== sitting $i, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(uptime)"
  java -jar spool-bench/target/benchmarks.jar 'DispatchBenchmark.(executorLatch|spoolPoolSubmit|spoolPoolMapChunked)$' \
    -f 1 -wi 3 -i 5 -w 2s -r 2s 2>&1 | grep -E '^(Benchmark|DispatchBenchmark)'
  echo "== $(uptime)"
  python3 spool-bench/scripts/process-workers.py --rounds 3 --roundtrip 100000 --chunked 2000000 --no-build 2>&1 | tail -15
  echo "== $(uptime)"
  spool-bench/scripts/compare-runners.py --jobs 2000 --rounds 5 --peak-jobs 2000 2>&1 | grep -v '^round '
  echo "== $(uptime)"
  spool-bench/scripts/compare-runners.py --jobs 200 --rounds 5 --peak-jobs 200 2>&1 | grep -v '^round '
  echo "== end of sitting $i, $(uptime)"
done
