package dev.spool.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A completion batch retried after its reply was lost (the connection cut after the commit): the retry's
 * fence refuses the rows the first try wrote, and the completer must still count them as written, or the
 * worker reports an attempt whose outcome it recorded as refused.
 */
class CompleterTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    private PgQueue queue;
    private Completer completer;

    @BeforeEach
    void open() {
        queue = PgQueue.open(TestDatabase.migratedSchema());
        completer = new Completer(queue, new ConcurrentHashMap<>(), (completion, applied) -> {}, () -> {});
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private ClaimedJob claimOne(String worker) throws Exception {
        return queue.claim(List.of("q"), List.of("t"), 1, worker, LEASE).getFirst();
    }

    @Test
    void retryOfACommittedSuccess_countsAsWritten() throws Exception {
        queue.enqueue(NewJob.of("q", "t"));
        ClaimedJob job = claimOne("w");
        var success = new Completion(job.id(), job.attempt(), "succeeded", "succeeded", null, null, 0);
        assertThat(queue.complete(List.of(success))).containsExactly(job.id()); // the try whose reply was lost

        assertThat(completer.written(List.of(success), true)).as("retry")
                .containsExactly(new JobAttempt(job.id(), job.attempt()));
        assertThat(completer.written(List.of(success), false)).as("a first try is fenced as before").isEmpty();
    }

    @Test
    void retryOfACommittedFailure_countsAsWritten_evenAfterTheNextAttemptBegan() throws Exception {
        queue.enqueue(NewJob.of("q", "t"));
        ClaimedJob job = claimOne("w");
        var failure = new Completion(job.id(), job.attempt(), "available", "failed", null, "boom", 0);
        queue.complete(List.of(failure));
        ClaimedJob next = claimOne("other");
        assertThat(next.attempt()).isEqualTo(2);

        assertThat(completer.written(List.of(failure), true)).containsExactly(new JobAttempt(job.id(), 1));
    }

    @Test
    void retryOfAnAttemptRescuedMeanwhile_isRefused() throws Exception {
        queue.enqueue(NewJob.of("q", "t"));
        ClaimedJob job = claimOne("w");
        try (var connection = TestDatabase.connect(); var update = connection.prepareStatement(
                "UPDATE " + queue.settings().quotedSchema() + ".jobs SET lease_until = now() - interval '1 s'")) {
            update.executeUpdate();
        }
        queue.rescue(10);
        var success = new Completion(job.id(), job.attempt(), "succeeded", "succeeded", null, null, 0);
        assertThat(completer.written(List.of(success), true)).isEmpty();
        ClaimedJob again = claimOne("other");
        var failure = new Completion(job.id(), job.attempt(), "available", "failed", null, "late", 0);
        assertThat(completer.written(List.of(failure), true)).as("rescued, then claimed again").isEmpty();
        assertThat(again.attempt()).isEqualTo(2);
    }

    @Test
    void batchWithTheSameJobsTwoAttempts_reportsOnlyTheRunningAttemptApplied() throws Exception {
        // A worker whose completion of attempt 1 waits (the database was down) while the job is rescued, and
        // which then claims and finishes attempt 2 itself, writes both in one batch: the table applies only
        // attempt 2, and only attempt 2 may be reported as recorded.
        queue.enqueue(NewJob.of("q", "t"));
        ClaimedJob first = claimOne("w");
        try (var connection = TestDatabase.connect(); var update = connection.prepareStatement(
                "UPDATE " + queue.settings().quotedSchema() + ".jobs SET lease_until = now() - interval '1 s'")) {
            update.executeUpdate();
        }
        queue.rescue(10);
        ClaimedJob second = claimOne("w");
        List<Boolean> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        var running = new ConcurrentHashMap<ClaimedJob, PgWorker.Running>();
        var recording = new Completer(queue, running, (completion, applied) ->
                reported.add(completion.attempt() == 1 ? !applied : applied), () -> {});
        var late = new Completion(first.id(), 1, "succeeded", "succeeded", null, null, 0);
        var current = new Completion(second.id(), 2, "succeeded", "succeeded", null, null, 0);
        recording.add(first, late);
        recording.add(second, current);
        recording.finish();
        recording.run();
        assertThat(reported).as("attempt 1 refused, attempt 2 applied").containsExactly(true, true);
        assertThat(recording.refused()).isEqualTo(1);
    }
}
