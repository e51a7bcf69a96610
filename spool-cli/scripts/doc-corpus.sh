#!/usr/bin/env bash
# Runs the GNU parallel manuals' examples (spool-cli/src/test/resources/dev/spool/cli/gnu-parallel-doc-corpus.txt)
# through GNU parallel and spool, and prints the summary: totals, differing cases by reason, refused options
# ranked by the cases they would fix. Needs GNU parallel on PATH.
#
#   spool-cli/scripts/doc-corpus.sh                 every case
#   spool-cli/scripts/doc-corpus.sh 'tutorial-1[0-9]{3}$'   the cases whose id matches a (Java) regex
#
# What differed in each differing case (both tools' stdout, stderr, exit status, files) is left in
# spool-cli/target/doc-corpus/differing/ID.txt; the summary in spool-cli/target/doc-corpus/summary.md.
# SPOOL_DOC_CORPUS_THREADS (default 2) cases run at a time. With SPOOL_DOC_CORPUS_MODE=report (what CI
# runs), the summary is printed but the cases are not asserted: the script fails only when the run could not
# be made (a GNU parallel run that timed out, a build error). SPOOL_DOC_CORPUS_MODE=report
# SPOOL_DOC_CORPUS_AGAINST=gnu runs GNU parallel in spool's place too: how often GNU parallel agrees with itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-java.sh
spool_find_java || exit 255
args=(-B -q -ntp -pl spool-cli -am test -Dtest=GnuParallelDocCorpusTest -Dsurefire.failIfNoSpecifiedTests=false
      -Dspool.docCorpus="${SPOOL_DOC_CORPUS_MODE:-run}"
      -Dspool.docCorpus.threads="${SPOOL_DOC_CORPUS_THREADS:-2}")
[ $# -gt 0 ] && args+=(-Dspool.docCorpus.only="$1")
[ -n "${SPOOL_DOC_CORPUS_AGAINST:-}" ] && args+=(-Dspool.docCorpus.against="$SPOOL_DOC_CORPUS_AGAINST")
status=0
JAVA_HOME=$SPOOL_JAVA_HOME ./mvnw "${args[@]}" >/dev/null 2>&1 || status=$?
cat spool-cli/target/doc-corpus/summary.md 2>/dev/null || echo "doc corpus: no summary (the build or the run failed)"
if [ "$status" -ne 0 ]; then
  echo
  echo "The test failed (a case marked identical differs, or one marked !differs no longer does):"
  echo "see spool-cli/target/surefire-reports/dev.spool.cli.GnuParallelDocCorpusTest.txt"
fi
exit "$status"
