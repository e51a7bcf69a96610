package dev.spool.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.json.JsonCodec;
import dev.spool.pool.Pool;
import dev.spool.pool.RetryPolicy;
import dev.spool.pool.TaskContext;
import dev.spool.pool.WorkerKind;
import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker consuming a real PostgreSQL queue on an in-memory pool. */
class PgWorkerTest {

    record Point(int x, int y) {}

    private PgQueue queue;
    private final List<PgWorker> workers = new ArrayList<>();
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        queue = PgQueue.open(TestDatabase.migratedSchema());
    }

    @AfterEach
    void close() throws InterruptedException {
        for (PgWorker worker : workers) {
            worker.stop();
            assertThat(worker.awaitTermination(TestTimeouts.LONG)).as(worker + " terminated").isTrue();
        }
        queue.close();
    }

    private PgWorkerBuilder worker(int threads) {
        Pool pool = Pool.builder().kind(WorkerKind.VIRTUAL).workers(threads).handleSignals(false).build();
        return PgWorker.builder(queue, pool).queues("q").lease(Duration.ofSeconds(5))
                .backoff(RetryPolicy.attempts(Integer.MAX_VALUE).fixedDelay(Duration.ofMillis(10)))
                .listener((id, attempt, state, applied) -> recorded.add(id + "/" + attempt + " " + state + " " + applied));
    }

    private PgWorker started(PgWorkerBuilder builder) {
        PgWorker worker = builder.start();
        workers.add(worker);
        return worker;
    }

    private JobState stateOf(long id) {
        try {
            return queue.job(id).orElseThrow().state();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void worker_runsEveryJob_andRecordsItsResult() throws Exception {
        started(worker(4).task("double", (String s, TaskContext ctx) -> s + s, new TextCodec(), new TextCodec()));
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            jobs.add(NewJob.of("q", "double").payload("x" + i));
        }
        long[] ids = queue.enqueueAll(jobs);
        Await.until("300 jobs succeeded", () -> recorded.size() == 300);
        assertThat(queue.counts("q")).containsEntry(JobState.SUCCEEDED, 300L);
        JobInfo info = queue.job(ids[7]).orElseThrow();
        assertThat(new String(info.result(), StandardCharsets.UTF_8)).isEqualTo("x7x7");
        assertThat(info.worker()).isEqualTo(workers.getFirst().id());
        assertThat(recorded).allMatch(line -> line.endsWith(" succeeded true"));
    }

    @Test
    void jsonPayload_reachesTheTaskTyped() throws Exception {
        var json = new JsonCodec();
        started(worker(2).task("sum", (Object p, TaskContext ctx) -> ((Point) p).x() + ((Point) p).y(), json, json));
        long id = queue.enqueue(NewJob.of("q", "sum").payload(json, new Point(3, 4))).orElseThrow();
        Await.until("job done", () -> stateOf(id) == JobState.SUCCEEDED);
        assertThat(json.decode(queue.job(id).orElseThrow().result())).isEqualTo(7);
    }

    @Test
    void failingJob_isRetried_thenDiscardedWithEveryError() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        started(worker(2).task("fail", (String s, TaskContext ctx) -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom at attempt " + ctx.attempt());
        }, new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "fail").payload("").maxAttempts(3)).orElseThrow();
        Await.until("job discarded", () -> stateOf(id) == JobState.DISCARDED);
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(runs).hasValue(3);
        assertThat(info.attempt()).isEqualTo(3);
        assertThat(info.outcome()).isEqualTo("failed");
        assertThat(info.errors()).contains("boom at attempt 1").contains("boom at attempt 2")
                .contains("boom at attempt 3");
        assertThat(recorded).containsExactly(id + "/1 available true", id + "/2 available true",
                id + "/3 discarded true");
    }

    @Test
    void attemptFailedException_recordsItsResult_andItsMessageAsTheError() throws Exception {
        started(worker(2).task("exit", (String s, TaskContext ctx) -> {
            throw new AttemptFailedException("exit 3 at attempt " + ctx.attempt(),
                    ("output " + ctx.attempt()).getBytes(StandardCharsets.UTF_8));
        }, new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "exit").payload("").maxAttempts(2)).orElseThrow();
        Await.until("job discarded", () -> stateOf(id) == JobState.DISCARDED);
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(new String(info.result(), StandardCharsets.UTF_8)).isEqualTo("output 2");
        assertThat(info.errors()).contains("exit 3 at attempt 1").contains("exit 3 at attempt 2")
                .doesNotContain("\\tat ");
        assertThat(queue.finishedJobs(new long[] {id, id + 1000})).extracting(JobInfo::id).containsExactly(id);
        assertThat(queue.jobs("q", 0, 10)).extracting(JobInfo::id).containsExactly(id);
        assertThat(queue.jobs("q", id, 10)).isEmpty();
    }

    @Test
    void attemptFailedException_last_discardsTheJobWithAttemptsLeft() throws Exception {
        started(worker(1).task("once", (String s, TaskContext ctx) -> {
            throw new AttemptFailedException("exit 1", null, true);
        }, new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "once").payload("").maxAttempts(5)).orElseThrow();
        Await.until("job discarded", () -> stateOf(id) == JobState.DISCARDED);
        assertThat(queue.job(id).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void jobFailingOnce_succeedsOnItsSecondAttempt() throws Exception {
        started(worker(2).task("flaky", (String s, TaskContext ctx) -> {
            if (ctx.attempt() == 1) {
                throw new java.io.IOException("transient");
            }
            return "ok on " + ctx.attempt() + " of job " + ctx.seq();
        }, new TextCodec(), new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "flaky").payload("")).orElseThrow();
        Await.until("job succeeded", () -> stateOf(id) == JobState.SUCCEEDED);
        assertThat(new String(queue.job(id).orElseThrow().result(), StandardCharsets.UTF_8))
                .isEqualTo("ok on 2 of job " + id);
    }

    @Test
    void undecodablePayload_isDiscaredAtOnce_namingTheCodecAndTask() throws Exception {
        started(worker(1).task("typed", (Object p, TaskContext ctx) -> p, new JsonCodec()));
        long id = queue.enqueue(NewJob.of("q", "typed").payload(new byte[] {1, 2, 3}).maxAttempts(5)).orElseThrow();
        Await.until("job discarded", () -> stateOf(id) == JobState.DISCARDED);
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.attempt()).as("no retry can decode it").isEqualTo(1);
        assertThat(info.errors()).contains("payload of job " + id + " (task 'typed') cannot be decoded by"
                + " dev.spool.json.JsonCodec");
    }

    @Test
    void cancel_runningJob_seesItsStopToken_andEndsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        started(worker(1).heartbeatInterval(Duration.ofMillis(100)).task("wait", (String s, TaskContext ctx) -> {
            started.countDown();
            if (!ctx.stopToken().awaitStop(TestTimeouts.LONG)) {
                throw new AssertionError("stop token never requested");
            }
            ctx.stopToken().throwIfStopRequested();
            return null;
        }, new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "wait").payload("")).orElseThrow();
        Await.latch(started);
        assertThat(queue.cancel(id)).isTrue();
        Await.until("job cancelled", () -> stateOf(id) == JobState.CANCELLED);
        assertThat(queue.job(id).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void gracefulStop_finishesTheRunningJob_andReleasesClaimedOnesAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        PgWorker worker = started(worker(1).prefetch(3).task("slow", (String s, TaskContext ctx) -> {
            started.countDown();
            Await.latch(finish);
            return s;
        }, new TextCodec(), new TextCodec()));
        long[] ids = queue.enqueueAll(List.of(NewJob.of("q", "slow").payload("a"), NewJob.of("q", "slow").payload("b"),
                NewJob.of("q", "slow").payload("c"), NewJob.of("q", "slow").payload("d")));
        Await.latch(started);
        Await.until("all four claimed", () -> worker.inHand() == 4);

        worker.stop();
        Await.until("three released while the first still runs", () -> recorded.size() == 3);
        assertThat(recorded).allMatch(line -> line.endsWith(" released true"));
        assertThat(queue.counts("q")).containsEntry(JobState.AVAILABLE, 3L).containsEntry(JobState.RUNNING, 1L);
        for (int i = 1; i < 4; i++) {
            assertThat(queue.job(ids[i]).orElseThrow().attempt()).as("release does not use an attempt").isZero();
        }
        assertThat(worker.isTerminated()).isFalse();

        finish.countDown();
        assertThat(worker.awaitTermination(TestTimeouts.LONG)).isTrue();
        assertThat(stateOf(ids[0])).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void stop_requestsTheRunningJobsStopTokens_atOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        // A long lease: the heartbeat (a third of it) is far off, so only the stop itself can reach the job.
        PgWorker worker = started(worker(1).lease(Duration.ofMinutes(3)).task("wait", (String s, TaskContext ctx) -> {
            started.countDown();
            ctx.stopToken().awaitStop(TestTimeouts.LONG);
            return "stopped: " + ctx.stopToken().reason();
        }, new TextCodec(), new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "wait").payload("")).orElseThrow();
        Await.latch(started);
        worker.stop();
        assertThat(worker.awaitTermination(TestTimeouts.SHORT)).isTrue();
        JobInfo info = queue.job(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(new String(info.result(), StandardCharsets.UTF_8)).contains("worker " + worker.id() + " stopping");
    }

    @Test
    void completionsNotYetWritten_countAgainstTheWorkersCapacity() throws Exception {
        // A worker must hold no more leases than its capacity, finished-but-unwritten jobs included: when the
        // completer fell behind, the claimer kept claiming, the jobs in hand grew without bound, and the
        // heartbeat could no longer renew them all in time (a million-job run had its own leases expire).
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch locked = new CountDownLatch(1);
        // A short poll: the claimer looks for free slots every 20 ms, whether or not anything wakes it.
        PgWorker worker = started(worker(1).prefetch(0).pollInterval(Duration.ofMillis(20))
                .task("noop", (String s, TaskContext ctx) -> {
            if (s.equals("first")) {
                started.countDown();
                Await.latch(locked);
            }
            return null;
        }, new TextCodec()));
        long first = queue.enqueue(NewJob.of("q", "noop").payload("first")).orElseThrow();
        try (var blocker = TestDatabase.connect()) {
            blocker.setAutoCommit(false);
            Await.latch(started);
            try (var lock = blocker.prepareStatement(
                    "SELECT id FROM " + queue.settings().quotedSchema() + ".jobs WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, first); // its completion will wait for this lock
                lock.executeQuery().close();
            }
            locked.countDown();
            queue.enqueueAll(List.of(NewJob.of("q", "noop").payload(""), NewJob.of("q", "noop").payload("")));
            long end = System.nanoTime() + TestTimeouts.scaled(Duration.ofMillis(500)).toNanos();
            while (System.nanoTime() < end) { // nothing should happen: sample the invariant for a while
                assertThat(worker.inHand()).as("jobs in hand, capacity 1").isLessThanOrEqualTo(1);
                assertThat(queue.counts("q").get(JobState.RUNNING)).isEqualTo(1);
                Thread.sleep(10);
            }
            blocker.rollback();
        }
        Await.until("all three succeeded", () -> recorded.size() == 3);
    }

    @Test
    void idleWorker_isWokenByTheEnqueue_notByItsPoll() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        PgWorkerBuilder builder = worker(1).pollInterval(Duration.ofMinutes(10)).task("ping", (String s, TaskContext ctx) -> {
            ran.countDown();
            return null;
        }, new TextCodec());
        PgWorker worker = started(builder);
        // Let the worker listen and reach its idle wait (its first claim found nothing), then enqueue.
        Await.until("listening", worker::isListening);
        Await.until("claimer idle", () -> threadWaiting("spool-pg-claimer"));
        queue.enqueue(NewJob.of("q", "ping").payload(""));
        Await.latch(ran);
    }

    private static boolean threadWaiting(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name)
                && t.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void lostLease_requestsTheStopToken_andTheLateCompletionIsRefused() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        var reasons = new ConcurrentHashMap<Long, String>();
        // No prefetch: the worker's one slot stays busy, so it cannot claim the rescued job itself.
        PgWorker worker = started(worker(1).prefetch(0).heartbeatInterval(Duration.ofMillis(100))
                .rescueInterval(Duration.ofMinutes(10)).task("hold", (String s, TaskContext ctx) -> {
                    started.countDown();
                    if (ctx.stopToken().awaitStop(TestTimeouts.LONG)) {
                        reasons.put(ctx.seq(), ctx.stopToken().reason());
                    }
                    return "late";
                }, new TextCodec(), new TextCodec()));
        long id = queue.enqueue(NewJob.of("q", "hold").payload("")).orElseThrow();
        Await.latch(started);
        // Another worker presumes this one dead: the lease is expired, rescued and claimed again.
        try (var connection = TestDatabase.connect(); var update = connection.prepareStatement(
                "UPDATE " + queue.settings().quotedSchema() + ".jobs SET lease_until = now() - interval '1 s' WHERE id = ?")) {
            update.setLong(1, id);
            update.executeUpdate();
        }
        assertThat(queue.rescue(10)).containsExactly(id);
        ClaimedJob other = queue.claim(List.of("q"), List.of("hold"), 1, "other", Duration.ofMinutes(1)).getFirst();

        Await.until("late completion refused", () -> recorded.contains(id + "/1 succeeded false"));
        assertThat(reasons.get(id)).contains("lease lost");
        assertThat(worker.refusedCompletions()).isEqualTo(1);
        assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(queue.complete(List.of(new Completion(id, other.attempt(), "succeeded", "succeeded", null, null, 0))))
                .containsExactly(id);
    }

    @Test
    void taskTimeout_isRecordedAsTimedOut() throws Exception {
        Pool pool = Pool.builder().kind(WorkerKind.PLATFORM).workers(1).handleSignals(false)
                .taskTimeout(Duration.ofMillis(100)).build();
        PgWorker worker = PgWorker.builder(queue, pool).queues("q").task("sleep", (String s, TaskContext ctx) -> {
            Thread.sleep(TestTimeouts.LONG);
            return null;
        }, new TextCodec()).start();
        workers.add(worker);
        long id = queue.enqueue(NewJob.of("q", "sleep").payload("").maxAttempts(1)).orElseThrow();
        Await.until("job discarded", () -> stateOf(id) == JobState.DISCARDED);
        assertThat(queue.job(id).orElseThrow().outcome()).isEqualTo("timed_out");
    }

    @Test
    void builder_refusesProcessPoolsAndMissingQueuesOrTasks() {
        try (Pool pool = Pool.builder().kind(WorkerKind.VIRTUAL).workers(1).handleSignals(false).build()) {
            assertThatThrownBy(() -> PgWorker.builder(queue, pool).task("t", (String s, TaskContext c) -> s, new TextCodec())
                    .start()).hasMessageContaining("no queue to serve");
            assertThatThrownBy(() -> PgWorker.builder(queue, pool).queues("q").start())
                    .hasMessageContaining("no task registered");
        }
    }
}
