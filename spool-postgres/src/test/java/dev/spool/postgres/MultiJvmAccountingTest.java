package dev.spool.postgres;

import static dev.spool.postgres.WorkerCrashTest.appliedSuccesses;
import static dev.spool.postgres.WorkerCrashTest.awaitAllSucceeded;
import static dev.spool.postgres.WorkerCrashTest.enqueue;
import static dev.spool.postgres.WorkerCrashTest.kill;
import static dev.spool.postgres.WorkerCrashTest.startWorker;
import static dev.spool.postgres.WorkerCrashTest.stopWorker;
import static dev.spool.postgres.WorkerCrashTest.twice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.Await;
import dev.spool.testing.ChildJvm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exact accounting, scaled to CI on 2 cores: 20,000 jobs (not 100,000) across 3 worker JVMs
 * (not 4), one of them SIGKILLed a third of the way through and replaced. Every job succeeds; no job has
 * two recorded completions; a job ran twice only if the killed JVM held it.
 */
class MultiJvmAccountingTest {

    private static final int JOBS = 20_000;

    @Test
    void severalWorkerJvms_oneKilled_everyJobCompletedExactlyOnce() throws Exception {
        PgSettings settings = TestDatabase.migratedSchema();
        List<ChildJvm> workers = new ArrayList<>();
        Map<ChildJvm, String> workerIds = new HashMap<>();
        try (PgQueue queue = PgQueue.open(settings)) {
            long[] ids = enqueue(queue, "brief", JOBS); // 1 ms each: the kill finds jobs mid-run
            String url = TestDatabase.url();
            for (int i = 0; i < 3; i++) {
                workers.add(startWorker(url, settings, "acct" + i, 8, workerIds));
            }
            Await.until("a third done", () -> succeeded(queue) >= JOBS / 3);
            ChildJvm victim = workers.getFirst();
            kill(victim);
            workers.add(startWorker(url, settings, "acct3", 8, workerIds));
            awaitAllSucceeded(queue, JOBS);

            List<String> lines = new ArrayList<>(victim.remainingLines());
            String victimId = workerIds.get(victim);
            for (ChildJvm worker : workers.subList(1, workers.size())) {
                lines.addAll(stopWorker(worker));
            }

            assertThat(queue.counts("q")).containsEntry(JobState.SUCCEEDED, (long) JOBS)
                    .containsEntry(JobState.RUNNING, 0L).containsEntry(JobState.AVAILABLE, 0L)
                    .containsEntry(JobState.DISCARDED, 0L);
            Map<Long, Integer> applied = appliedSuccesses(lines);
            assertThat(twice(applied)).as("jobs completed twice").isEmpty();
            Map<Long, Integer> ran = new HashMap<>();
            for (String line : lines) {
                if (line.startsWith("ran ")) {
                    ran.merge(Long.parseLong(line.split(" ")[1]), 1, Integer::sum);
                }
            }
            Set<Long> unreported = new HashSet<>();
            for (long id : ids) {
                assertThat(ran.getOrDefault(id, 0)).as("job %d ran", id).isPositive();
                if (!applied.containsKey(id)) {
                    unreported.add(id);
                }
            }
            // A completion written by the victim just before the kill, whose line it never printed.
            for (long id : unreported) {
                assertThat(queue.job(id).orElseThrow().worker()).as("job %d's completion is the victim's", id)
                        .isEqualTo(victimId);
            }
            for (var entry : ran.entrySet()) {
                if (entry.getValue() > 1) {
                    assertThat(queue.job(entry.getKey()).orElseThrow().errors())
                            .as("job %d ran twice: its first attempt was the victim's, lost", entry.getKey())
                            .contains(victimId).contains("\"outcome\": \"lost\"");
                }
            }
            System.out.printf("accounting: %d jobs, %d ran twice (held by the killed JVM), %d completions"
                    + " written by it unreported%n", JOBS, ran.values().stream().filter(n -> n > 1).count(),
                    unreported.size());
        } finally {
            workers.forEach(ChildJvm::close);
        }
    }

    private static long succeeded(PgQueue queue) {
        try {
            return queue.counts("q").get(JobState.SUCCEEDED);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
