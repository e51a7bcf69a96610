package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every kind of worker must show, written only with named task classes ({@link TestTasks})
 * so that process workers can run it too. Each kind extends this class.
 */
public abstract class PoolConformanceTest {

    private final List<Pool> pools = new ArrayList<>();

    /** The kind under test. */
    protected abstract WorkerKind kind();

    /** A builder for the kind under test, named after the test. */
    protected PoolBuilder builder() {
        return Pool.builder().kind(kind()).handleSignals(false);
    }

    protected Pool track(Pool pool) {
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        for (Pool pool : pools) {
            pool.stopNow();
            Await.termination(pool);
        }
    }

    @Test
    void submit_succeedingTask_succeededWithValueAndInfo() throws Exception {
        Pool pool = track(builder().workers(2).name("conf").build());

        Outcome<Integer> outcome = Await.outcome(pool.submit(new TestTasks.Doubler(), 21));

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(outcome.valueOrThrow()).isEqualTo(42);
        assertThat(outcome.info().seq()).isEqualTo(1);
        assertThat(outcome.info().attempts()).isEqualTo(1);
        assertThat(outcome.info().worker()).isNotEmpty();
        assertThat(outcome.info().started()).isNotNull();
        assertThat(outcome.info().ended()).isAfterOrEqualTo(outcome.info().started());
    }

    @Test
    void submit_failingTask_failedWithErrorAndWorkerSurvives() throws Exception {
        Pool pool = track(builder().workers(1).build());

        Outcome<Integer> failed = Await.outcome(pool.submit(new TestTasks.Failer(), 7));
        Outcome<Integer> next = Await.outcome(pool.submit(new TestTasks.Doubler(), 1));

        assertThat(failed).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error()).hasMessageContaining("failed on 7"));
        assertThat(next.valueOrThrow()).isEqualTo(2);
    }

    @Test
    void map_inputOrder_outcomesInInputOrder() {
        Pool pool = track(builder().workers(3).build());
        List<Integer> inputs = IntStream.range(0, 60).map(i -> (i * 7) % 5).boxed().toList();

        List<Integer> values;
        try (Stream<Outcome<Integer>> outcomes = pool.map(new TestTasks.Sleeper(), inputs)) {
            values = outcomes.map(Outcome::valueOrThrow).toList();
        }

        assertThat(values).isEqualTo(inputs);
    }

    @Test
    void map_completionOrder_everyInputExactlyOnce() {
        Pool pool = track(builder().workers(3).build());
        List<Integer> inputs = IntStream.range(0, 500).boxed().toList();

        List<Integer> values;
        try (var outcomes = pool.map(new TestTasks.Doubler(), inputs, MapOptions.completionOrder())) {
            values = new ArrayList<>(outcomes.map(Outcome::valueOrThrow).toList());
        }

        Collections.sort(values);
        assertThat(values).isEqualTo(inputs.stream().map(i -> i * 2).toList());
    }

    @Test
    void map_chunked_eachInputHasItsOwnOutcome() {
        Pool pool = track(builder().workers(2).build());
        List<Integer> inputs = IntStream.range(0, 1003).boxed().toList();

        List<Outcome<Integer>> outcomes;
        try (var stream = pool.map(new TestTasks.Doubler(), inputs, MapOptions.ordered().chunkSize(100))) {
            outcomes = stream.toList();
        }

        assertThat(outcomes).hasSize(1003);
        assertThat(outcomes.stream().map(Outcome::valueOrThrow).toList())
                .isEqualTo(inputs.stream().map(i -> i * 2).toList());
        assertThat(outcomes.stream().map(o -> o.info().seq()).distinct().count()).isEqualTo(1003);
    }

    @Test
    void map_infiniteInputs_readsOnlyAsFarAsTheWindow() {
        Pool pool = track(builder().workers(2).build());
        AtomicLong read = new AtomicLong();
        Stream<Integer> infinite = Stream.iterate(0, i -> i + 1).peek(i -> read.incrementAndGet());

        List<Integer> first;
        try (var outcomes = pool.map(new TestTasks.Doubler(), infinite, MapOptions.ordered().window(16))) {
            first = outcomes.limit(100).map(Outcome::valueOrThrow).toList();
        }

        assertThat(first).hasSize(100).startsWith(0, 2, 4);
        assertThat(read.get()).isBetween(100L, 100L + 16);
    }

    @Test
    void map_failingInputs_failuresAreOutcomesNotExceptions() {
        Pool pool = track(builder().workers(2).build());

        List<Outcome<Integer>> outcomes;
        try (var stream = pool.map(new TestTasks.Failer(), List.of(1, 2, 3))) {
            outcomes = stream.toList();
        }

        assertThat(outcomes).hasSize(3).allMatch(o -> o instanceof Outcome.Failed<Integer>);
    }

    @Test
    void map_inputIteratorThrows_outcomesBeforeThenTheError() {
        Pool pool = track(builder().workers(2).build());
        Stream<Integer> inputs = Stream.of(1, 2, 3, 4).map(i -> {
            if (i == 4) {
                throw new IllegalArgumentException("bad input 4");
            }
            return i;
        });

        List<Integer> seen = new ArrayList<>();
        try (var outcomes = pool.map(new TestTasks.Doubler(), inputs, MapOptions.ordered().window(1))) {
            assertThatThrownBy(() -> outcomes.forEach(o -> seen.add(o.valueOrThrow())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bad input 4");
        }
        assertThat(seen).containsExactly(2, 4, 6);
    }

    @Test
    void taskTimeout_slowTask_timedOutAndWorkerGoesOn() throws Exception {
        Pool pool = track(builder().workers(1).taskTimeout(TestTimeouts.EXPECTED_EXPIRY).build());

        Outcome<Integer> slow = Await.outcome(pool.submit(new TestTasks.Sleeper(),
                (int) TestTimeouts.LONG.toMillis()));
        Outcome<Integer> quick = Await.outcome(pool.submit(new TestTasks.Doubler(), 5));

        assertThat(slow).isInstanceOfSatisfying(Outcome.TimedOut.class,
                t -> assertThat(t.timeout()).isEqualTo(TestTimeouts.EXPECTED_EXPIRY));
        assertThat(quick.valueOrThrow()).isEqualTo(10);
    }

    @Test
    void retry_failsTwiceThenSucceeds_succeededOnThirdAttempt() throws Exception {
        var events = new ConcurrentLinkedQueue<PoolEvent>();
        Pool pool = track(builder().workers(1).retry(RetryPolicy.attempts(3)).listener(events::add).build());

        Outcome<Integer> outcome = Await.outcome(pool.submit(new TestTasks.SucceedOnAttempt(), 3));

        assertThat(outcome.valueOrThrow()).isEqualTo(3);
        assertThat(outcome.info().attempts()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.Retried)).hasSize(2);
    }

    @Test
    void retry_attemptsExhausted_failedWithLastError() throws Exception {
        Pool pool = track(builder().workers(1)
                .retry(RetryPolicy.attempts(2).fixedDelay(Duration.ofMillis(1))).build());

        Outcome<Integer> outcome = Await.outcome(pool.submit(new TestTasks.SucceedOnAttempt(), 5));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error()).hasMessage("attempt 2 fails"));
        assertThat(outcome.info().attempts()).isEqualTo(2);
    }

    @Test
    void retry_predicateRejects_noRetry() throws Exception {
        Pool pool = track(builder().workers(1)
                .retry(RetryPolicy.attempts(5).retryOn(e -> e instanceof java.io.IOException)).build());

        Outcome<Integer> outcome = Await.outcome(pool.submit(new TestTasks.SucceedOnAttempt(), 5));

        assertThat(outcome.info().attempts()).isEqualTo(1);
    }

    @Test
    void stop_runningTaskChecksToken_queuedTasksNotRun() throws Exception {
        Pool pool = track(builder().workers(1).build());
        TaskHandle<String> running = pool.submit(new TestTasks.UntilStopped(), "x");
        List<TaskHandle<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(pool.submit(new TestTasks.Doubler(), i));
        }
        Await.until("first task started", () -> pool.queued() == 5);

        pool.stop();

        assertThat(Await.outcome(running).valueOrThrow()).isEqualTo("stopped");
        for (TaskHandle<Integer> handle : queued) {
            assertThat(Await.outcome(handle)).isInstanceOf(Outcome.NotRun.class);
        }
        Await.termination(pool);
        assertThatThrownBy(() -> pool.submit(new TestTasks.Doubler(), 1))
                .isInstanceOf(PoolClosedException.class).hasMessageContaining(pool.name());
    }

    @Test
    void stopNow_runningTask_cancelled() throws Exception {
        Pool pool = track(builder().workers(1).build());
        TaskHandle<Integer> running = pool.submit(new TestTasks.Sleeper(), (int) TestTimeouts.LONG.toMillis() * 2);
        Await.until("task started", () -> pool.queued() == 0);

        pool.stopNow();

        assertThat(Await.outcome(running)).isInstanceOf(Outcome.Cancelled.class);
        Await.termination(pool);
    }

    @Test
    void stopWithGrace_taskIgnoresToken_escalatesToImmediate() throws Exception {
        Pool pool = track(builder().workers(1).build());
        TaskHandle<Integer> running = pool.submit(new TestTasks.Sleeper(), (int) TestTimeouts.LONG.toMillis() * 2);
        Await.until("task started", () -> pool.queued() == 0);

        pool.stop(TestTimeouts.EXPECTED_EXPIRY);

        assertThat(Await.outcome(running)).isInstanceOf(Outcome.Cancelled.class);
        Await.termination(pool);
    }

    @Test
    void shutdown_queuedTasksStillRun_thenTerminates() throws Exception {
        Pool pool = track(builder().workers(1).build());
        List<TaskHandle<Integer>> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handles.add(pool.submit(new TestTasks.Sleeper(), 1));
        }

        pool.shutdown();
        Await.termination(pool);

        for (TaskHandle<Integer> handle : handles) {
            assertThat(handle.outcomeNow()).get().matches(Outcome::isSuccess);
        }
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void close_waitsForEveryTask() throws Exception {
        Pool pool = builder().workers(2).build();
        List<TaskHandle<Integer>> handles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            handles.add(pool.submit(new TestTasks.Sleeper(), 2));
        }

        pool.close();

        assertThat(handles).allMatch(TaskHandle::isDone);
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void cancel_queuedTask_cancelledAtOnce() throws Exception {
        Pool pool = track(builder().workers(1).build());
        pool.submit(new TestTasks.UntilStopped(), "blocker");
        TaskHandle<Integer> queued = pool.submit(new TestTasks.Doubler(), 1);

        assertThat(queued.cancel()).isTrue();

        assertThat(queued.outcomeNow()).get().isInstanceOf(Outcome.Cancelled.class);
        assertThat(queued.cancel()).isFalse();
    }

    @Test
    void cancel_runningTask_cancelled() throws Exception {
        Pool pool = track(builder().workers(1).build());
        TaskHandle<Integer> running = pool.submit(new TestTasks.Sleeper(), (int) TestTimeouts.LONG.toMillis() * 2);
        Await.until("task started", () -> pool.queued() == 0);

        assertThat(running.cancel()).isTrue();

        assertThat(Await.outcome(running)).isInstanceOfSatisfying(Outcome.Cancelled.class,
                c -> assertThat(c.reason()).contains("cancelled"));
    }

    @Test
    void unobservedFailure_nobodyReadsIt_reportedWhenPoolTerminates() throws Exception {
        var reported = new ConcurrentLinkedQueue<Outcome<?>>();
        Pool pool = builder().workers(1).onUnobservedFailure(reported::add).build();
        TaskHandle<Integer> unread = pool.submit(new TestTasks.Failer(), 1);
        TaskHandle<Integer> read = pool.submit(new TestTasks.Failer(), 2);
        Await.outcome(read);

        pool.close();

        assertThat(reported).hasSize(1);
        assertThat(reported.peek().info().seq()).isEqualTo(unread.seq());
    }

    @Test
    void events_eachTaskSubmittedStartedFinishedOnce() throws Exception {
        var events = new ConcurrentLinkedQueue<PoolEvent>();
        Pool pool = builder().workers(2).listener(events::add).build();
        try (var outcomes = pool.map(new TestTasks.Doubler(), IntStream.range(0, 100).boxed().toList())) {
            assertThat(outcomes.count()).isEqualTo(100);
        }
        pool.close();

        assertThat(events.stream().filter(e -> e instanceof PoolEvent.Submitted)).hasSize(100);
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.Started)).hasSize(100);
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.Finished)).hasSize(100);
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.WorkerStarted)).hasSize(2);
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.WorkerStopped)).hasSize(2);
    }

    @Test
    void workers_distinctIdentities() {
        Pool pool = track(builder().workers(2).name("ids").build());
        var seen = new HashSet<String>();
        try (var outcomes = pool.map(new TestTasks.WhoAmI(),
                Collections.nCopies(200, "x"), MapOptions.completionOrder())) {
            outcomes.forEach(o -> seen.add(o.valueOrThrow()));
        }
        assertThat(seen).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(seen).allMatch(identity -> !identity.isBlank());
    }
}
