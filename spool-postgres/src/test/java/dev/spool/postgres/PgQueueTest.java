package dev.spool.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's statements against a real PostgreSQL: enqueue, claim, complete, fence, rescue, cancel, clean. */
class PgQueueTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final List<String> TASKS = List.of("t");

    private PgSettings settings;
    private PgQueue queue;

    @BeforeEach
    void open() {
        settings = TestDatabase.migratedSchema();
        queue = PgQueue.open(settings);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private List<ClaimedJob> claim(int limit) throws Exception {
        return queue.claim(List.of("q"), TASKS, limit, "w1", LEASE);
    }

    private static Completion succeeded(ClaimedJob job, String result) {
        return new Completion(job.id(), job.attempt(), "succeeded", "succeeded",
                result.getBytes(StandardCharsets.UTF_8), null, 0);
    }

    private void expireLease(long id) throws Exception {
        try (var connection = TestDatabase.connect(); var update = connection.prepareStatement(
                "UPDATE " + settings.quotedSchema() + ".jobs SET lease_until = now() - interval '1 second' WHERE id = ?")) {
            update.setLong(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void enqueue_claim_complete_recordsSucceededWithResult() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t").payload("hello").tags("a", "b")).orElseThrow();
        List<ClaimedJob> claimed = claim(10);
        assertThat(claimed).hasSize(1);
        ClaimedJob job = claimed.getFirst();
        assertThat(job.id()).isEqualTo(id);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(new String(job.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        assertThat(queue.complete(List.of(succeeded(job, "done")))).containsExactly(id);

        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(info.outcome()).isEqualTo("succeeded");
        assertThat(new String(info.result(), StandardCharsets.UTF_8)).isEqualTo("done");
        assertThat(info.tags()).containsExactly("a", "b");
        assertThat(info.finishedAt()).isNotNull();
        assertThat(claim(10)).isEmpty();
    }

    @Test
    void enqueueAll_twentyThousand_returnsEveryIdInOrder() throws Exception {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            jobs.add(NewJob.of("q", "t").payload("job " + i));
        }
        long[] ids = queue.enqueueAll(jobs);
        assertThat(ids).hasSize(20_000).doesNotContain(0L);
        for (int i = 1; i < ids.length; i++) {
            assertThat(ids[i]).isGreaterThan(ids[i - 1]);
        }
        assertThat(queue.counts("q").get(JobState.AVAILABLE)).isEqualTo(20_000L);
        assertThat(new String(queue.job(ids[12_345]).orElseThrow().payload(), StandardCharsets.UTF_8))
                .isEqualTo("job 12345");
    }

    @Test
    void enqueueAll_inCallersTransaction_existsOnlyAfterCommit() throws Exception {
        try (Connection connection = queue.connection()) {
            connection.setAutoCommit(false);
            long rolledBack = queue.enqueueAll(connection, List.of(NewJob.of("q", "t")))[0];
            connection.rollback();
            assertThat(queue.job(rolledBack)).isEmpty();

            long committed = queue.enqueueAll(connection, List.of(NewJob.of("q", "t")))[0];
            assertThat(queue.job(committed)).as("invisible before commit").isEmpty();
            connection.commit();
            assertThat(queue.job(committed)).isPresent();
        }
    }

    @Test
    void uniqueKey_pendingOrRunningJobHoldsIt_finishedOneDoesNot() throws Exception {
        long first = queue.enqueue(NewJob.of("q", "t").uniqueKey("k")).orElseThrow();
        assertThat(queue.enqueue(NewJob.of("q", "t").uniqueKey("k"))).isEmpty();
        assertThat(queue.enqueue(NewJob.of("other", "t").uniqueKey("k"))).as("keys are per queue").isPresent();
        long[] batch = queue.enqueueAll(List.of(NewJob.of("q", "t").uniqueKey("k2"), NewJob.of("q", "t").uniqueKey("k2"),
                NewJob.of("q", "t").uniqueKey("k")));
        assertThat(batch[0]).isNotZero();
        assertThat(batch[1]).as("second of the batch with the same key").isZero();
        assertThat(batch[2]).isZero();

        ClaimedJob running = claim(10).stream().filter(j -> j.id() == first).findFirst().orElseThrow();
        assertThat(queue.enqueue(NewJob.of("q", "t").uniqueKey("k"))).as("running holds the key").isEmpty();
        queue.complete(List.of(succeeded(running, "")));
        assertThat(queue.enqueue(NewJob.of("q", "t").uniqueKey("k"))).as("finished releases it").isPresent();
    }

    @Test
    void delayedJob_isNotClaimedBeforeItsTime() throws Exception {
        queue.enqueue(NewJob.of("q", "t").delay(Duration.ofHours(1)));
        queue.enqueue(NewJob.of("q", "t").runAt(Instant.now().plus(Duration.ofHours(1))));
        long due = queue.enqueue(NewJob.of("q", "t").runAt(Instant.now().minusSeconds(1))).orElseThrow();
        assertThat(claim(10)).extracting(ClaimedJob::id).containsExactly(due);
        assertThat(queue.counts("q").get(JobState.AVAILABLE)).isEqualTo(2);
    }

    @Test
    void priorities_lowerRunsFirst_thenOlder() throws Exception {
        long low = queue.enqueue(NewJob.of("q", "t").priority(5)).orElseThrow();
        long high1 = queue.enqueue(NewJob.of("q", "t").priority(-1)).orElseThrow();
        long normal = queue.enqueue(NewJob.of("q", "t")).orElseThrow();
        long high2 = queue.enqueue(NewJob.of("q", "t").priority(-1)).orElseThrow();
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(claim(1).getFirst().id());
        }
        assertThat(order).containsExactly(high1, high2, normal, low);
    }

    @Test
    void claim_onlyServedQueuesAndKnownTasks() throws Exception {
        queue.enqueue(NewJob.of("other", "t"));
        long unknownTask = queue.enqueue(NewJob.of("q", "unknown")).orElseThrow();
        assertThat(claim(10)).isEmpty();
        assertThat(queue.job(unknownTask).orElseThrow().state()).as("left for a worker that has the task")
                .isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void cancel_availableJob_neverRuns() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t")).orElseThrow();
        assertThat(queue.cancel(id)).isTrue();
        assertThat(claim(10)).isEmpty();
        assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.cancel(id)).as("already finished").isFalse();
    }

    @Test
    void cancel_runningJob_isReportedByHeartbeat_andAFailedAttemptEndsCancelled() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t")).orElseThrow();
        ClaimedJob job = claim(1).getFirst();
        assertThat(queue.heartbeat(List.of(job), LEASE)).containsEntry(id, false);
        assertThat(queue.cancel(id)).isTrue();
        assertThat(queue.heartbeat(List.of(job), LEASE)).containsEntry(id, true);
        // The worker would retry a failed attempt; the cancel turns that into cancelled.
        queue.complete(List.of(new Completion(id, 1, "available", "failed", null, "stopped", 0)));
        assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void heartbeat_rowLockedByACompletionInFlight_doesNotWait_andTheJobIsStillHeld() throws Exception {
        // The worker's completer and heartbeat update the same rows on two connections; waiting for each
        // other's row locks in different orders deadlocked them (PostgreSQL aborted one after a second).
        long[] ids = queue.enqueueAll(List.of(NewJob.of("q", "t"), NewJob.of("q", "t")));
        List<ClaimedJob> jobs = claim(2);
        try (var completion = TestDatabase.connect()) {
            completion.setAutoCommit(false);
            try (var lock = completion.prepareStatement(
                    "SELECT id FROM " + settings.quotedSchema() + ".jobs WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, ids[0]);
                lock.executeQuery().close();
            }
            var heartbeat = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return queue.heartbeat(jobs, LEASE);
                } catch (java.sql.SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            var alive = heartbeat.get(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(alive).as("both still held: the locked one is not lost").containsOnlyKeys(ids[0], ids[1]);
            completion.rollback();
        }
    }

    @Test
    void fence_lateCompletionOfARescuedAttempt_isRefused() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t")).orElseThrow();
        ClaimedJob first = claim(1).getFirst();
        expireLease(id);
        assertThat(queue.rescue(100)).containsExactly(id);
        assertThat(queue.heartbeat(List.of(first), LEASE)).as("the lease is no longer the first worker's")
                .isEmpty();

        ClaimedJob second = queue.claim(List.of("q"), TASKS, 1, "w2", LEASE).getFirst();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(queue.complete(List.of(succeeded(first, "late")))).as("late completion").isEmpty();
        assertThat(queue.complete(List.of(succeeded(second, "rescued run")))).containsExactly(id);
        assertThat(queue.complete(List.of(succeeded(first, "later still")))).isEmpty();

        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(new String(info.result(), StandardCharsets.UTF_8)).isEqualTo("rescued run");
        assertThat(info.errors()).contains("\"outcome\": \"lost\"").contains("\"attempt\": 1").contains("w1");
    }

    @Test
    void fence_completionOfAReleasedThenRescuedJob_isRefused() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t")).orElseThrow();
        ClaimedJob job = claim(1).getFirst();
        expireLease(id);
        queue.rescue(100);
        assertThat(queue.complete(List.of(Completion.released(job)))).as("release after rescue").isEmpty();
        assertThat(queue.job(id).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void release_unstartedJob_isAvailableAgainWithoutUsingAnAttempt() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t").maxAttempts(1)).orElseThrow();
        ClaimedJob job = claim(1).getFirst();
        assertThat(queue.complete(List.of(Completion.released(job)))).containsExactly(id);
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(info.attempt()).isZero();
        assertThat(claim(1)).extracting(ClaimedJob::attempt).containsExactly(1);
    }

    @Test
    void rescue_lastAttemptLost_isDiscardedWithItsError() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t").maxAttempts(1)).orElseThrow();
        claim(1);
        assertThat(queue.rescue(100)).as("lease still valid").isEmpty();
        expireLease(id);
        assertThat(queue.rescue(100)).containsExactly(id);
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.DISCARDED);
        assertThat(info.outcome()).isEqualTo("lost");
        assertThat(info.errors()).contains("lease expired");
        assertThat(claim(1)).isEmpty();
    }

    @Test
    void retry_discardedJob_runsOnceMore() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t").maxAttempts(1)).orElseThrow();
        ClaimedJob job = claim(1).getFirst();
        queue.complete(List.of(new Completion(id, job.attempt(), "discarded", "failed", null, "boom", 0)));
        assertThat(queue.job(id).orElseThrow().errors()).contains("boom");
        assertThat(queue.retry(id)).isTrue();
        ClaimedJob again = claim(1).getFirst();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.maxAttempts()).isEqualTo(2);
    }

    @Test
    void statusQueries_countRecentFinishesAndListTheLatestFailures() throws Exception {
        long[] ids = queue.enqueueAll(List.of(NewJob.of("q", "t").maxAttempts(1), NewJob.of("q", "t"),
                NewJob.of("q", "t")));
        List<ClaimedJob> jobs = claim(3);
        List<Completion> done = new ArrayList<>();
        for (ClaimedJob job : jobs) {
            done.add(job.id() == ids[0]
                    ? new Completion(job.id(), job.attempt(), "discarded", "failed", null, "first line\nsecond", 0)
                    : succeeded(job, ""));
        }
        queue.complete(done);
        assertThat(queue.finishedWithin("q", Duration.ofMinutes(1))).isEqualTo(3);
        assertThat(queue.finishedWithin("other", Duration.ofMinutes(1))).isZero();
        assertThat(queue.unfinished("q")).isZero();
        List<FailedJob> failures = queue.latestFailures(null, 5);
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst().id()).isEqualTo(ids[0]);
        assertThat(failures.getFirst().lastError()).isEqualTo("first line\nsecond");
    }

    @Test
    void retryCompletion_waitsForItsBackoff() throws Exception {
        long id = queue.enqueue(NewJob.of("q", "t")).orElseThrow();
        ClaimedJob job = claim(1).getFirst();
        queue.complete(List.of(new Completion(id, job.attempt(), "available", "failed", null, "boom", 3_600_000)));
        assertThat(claim(1)).as("backing off for an hour").isEmpty();
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(info.runAt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    }

    @Test
    void deleteFinished_removesOnlyOldFinishedJobs_inSmallBatches() throws Exception {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            jobs.add(NewJob.of("q", "t"));
        }
        queue.enqueueAll(jobs);
        List<Completion> done = new ArrayList<>();
        for (ClaimedJob job : claim(20)) {
            done.add(succeeded(job, ""));
        }
        queue.complete(done);
        assertThat(queue.deleteFinished(JobState.SUCCEEDED, Duration.ofHours(1), 7)).as("too young").isZero();
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement()) {
            statement.execute("UPDATE " + settings.quotedSchema() + ".jobs SET finished_at = now() - interval '2 hours'"
                    + " WHERE state = 'succeeded'");
        }
        assertThat(queue.deleteFinished(JobState.DISCARDED, Duration.ofHours(1), 7)).isZero();
        assertThat(queue.deleteFinished(JobState.SUCCEEDED, Duration.ofHours(1), 7)).isEqualTo(20);
        assertThat(queue.counts("q")).containsEntry(JobState.SUCCEEDED, 0L).containsEntry(JobState.AVAILABLE, 5L);
    }

    @Test
    void claim_concurrentClaimers_claimEachJobExactlyOnce() throws Exception {
        int jobs = 2_000;
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batch.add(NewJob.of("q", "t"));
        }
        queue.enqueueAll(batch);
        int claimers = 4;
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try (var executor = Executors.newFixedThreadPool(claimers)) {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                String worker = "w" + c;
                calls.add(() -> {
                    while (true) {
                        List<ClaimedJob> got = queue.claim(List.of("q"), TASKS, 7, worker, LEASE);
                        if (got.isEmpty()) {
                            return null;
                        }
                        got.forEach(j -> claimed.add(j.id()));
                    }
                });
            }
            for (Future<Void> future : executor.invokeAll(calls)) {
                future.get(TestTimeouts.LONG.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertThat(claimed).hasSize(jobs);
        assertThat(new HashSet<>(claimed)).as("no job claimed twice").hasSize(jobs);
    }
}
