#!/usr/bin/env bash
# Side by side on one embedded PostgreSQL (started from the Maven artifact, stopped at the end):
# spool-postgres against graphile-worker and pg-boss (installed from the npm registry into a temporary
# folder). For each job count: bulk enqueue of N no-op jobs, then work until none is left.
#
#   spool-bench/scripts/pg-queue-compare.sh                 # 20,000 jobs; Spool with 1, 2 and 4 worker JVMs
#   JOBS=20000,100000 JVMS=1 PEERS="graphile-batched pgboss-batch50" spool-bench/scripts/pg-queue-compare.sh
#
# Prints one line per run; docs/benchmarks.md quotes them. Needs node and npm (Node.js 20 works, though the
# peers declare 22).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-java.sh
spool_find_java
export JAVA_HOME=$SPOOL_JAVA_HOME
JOBS=${JOBS:-20000}
JVMS=${JVMS:-1,2,4}
PEERS=${PEERS:-graphile-batched graphile-default pgboss-batch50}
LATENCY=${LATENCY:-200}
jar=spool-bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -ntp -q -pl spool-bench -am package -DskipTests
fi
peers=$(mktemp -d "${TMPDIR:-/tmp}/spool-pg-peers.XXXXXX")
cp spool-bench/scripts/pg-peers/package.json spool-bench/scripts/pg-peers/peers.mjs "$peers"
(cd "$peers" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

coproc SERVER { "$JAVA_HOME/bin/java" -cp "$jar" dev.spool.bench.PgServerMain 2>/dev/null; }
server_pid=$SERVER_PID
read -r jdbc <&"${SERVER[0]}"
read -r libpq <&"${SERVER[0]}"
stop_server() {
  eval "exec ${SERVER[1]}>&-" || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$peers"
}
trap stop_server EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)"
for jobs in ${JOBS//,/ }; do
  for mode in $PEERS; do
    DATABASE_URL=$libpq node "$peers/peers.mjs" "$mode" "$jobs"
  done
done
SPOOL_PG_URL=$jdbc "$JAVA_HOME/bin/java" -cp "$jar" dev.spool.bench.PgQueueBench --jobs "$JOBS" --jvms "$JVMS" \
  --latency "$LATENCY" 2>&1 | grep -v '^SLF4J'
