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
        completer = new Completer(queue, new ConcurrentHashMap<>(), (completion, applied) -> {});
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

        assertThat(completer.written(List.of(success), true)).as("retry").containsExactly(job.id());
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

        assertThat(completer.written(List.of(failure), true)).containsExactly(job.id());
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
}
