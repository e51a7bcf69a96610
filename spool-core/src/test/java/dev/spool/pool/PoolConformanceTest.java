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
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every kind of worker must show, written only with named task classes ({@link TestTasks})
 * so that process workers can run it too. Each kind extends this class.
 */
public abstract class PoolConformanceTest {

    private final PoolInvariants invariants = new PoolInvariants();

    /** The kind under test. */
    protected abstract WorkerKind kind();

    /** Every attempt that started, in any pool of the test. */
    private final List<PoolEvent.Started> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A builder for the kind under test, whose pools' invariants are checked after the test. */
    protected PoolBuilder builder() {
        return Pool.builder().kind(kind()).handleSignals(false).listener(invariants.listener()).listener(e -> {
            if (e instanceof PoolEvent.Started s) {
                started.add(s);
            }
        });
    }

    /** Waits for the Started event of task {@code seq} of {@code pool}: the task runs now. */
    private PoolEvent.Started awaitStarted(Pool pool, long seq) throws InterruptedException {
        Await.until("task " + seq + " of " + pool.name() + " started", () -> started.stream()
                .anyMatch(s -> s.pool().equals(pool.name()) && s.seq() == seq));
        return started.stream().filter(s -> s.pool().equals(pool.name()) && s.seq() == seq).findFirst()
                .orElseThrow();
    }

    protected Pool track(Pool pool) {
        return invariants.track(pool);
    }

    @AfterEach
    void stopPoolsAndCheckInvariants() throws InterruptedException {
        invariants.stopAndCheck();
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
        // Long enough for a replacement child JVM's first task on a loaded machine (50 ms was not).
        Duration limit = TestTimeouts.scaled(Duration.ofSeconds(1));
        Pool pool = track(builder().workers(1).taskTimeout(limit).build());

        Outcome<Integer> slow = Await.outcome(pool.submit(new TestTasks.Sleeper(),
                (int) TestTimeouts.LONG.toMillis()));
        Outcome<Integer> quick = Await.outcome(pool.submit(new TestTasks.Doubler(), 5));

        assertThat(slow).isInstanceOfSatisfying(Outcome.TimedOut.class,
                t -> assertThat(t.timeout()).isEqualTo(limit));
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
        awaitStarted(pool, running.seq());

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
        awaitStarted(pool, running.seq());

        pool.stopNow();

        assertThat(Await.outcome(running)).isInstanceOfSatisfying(Outcome.Cancelled.class, c -> {
            assertThat(c.reason()).isEqualTo("pool " + pool.name() + " stopped immediately, while the task ran");
            assertThat(c.info().attempts()).as("it was running, not queued").isEqualTo(1);
        });
        Await.termination(pool);
    }

    @Test
    void stopWithGrace_taskIgnoresToken_escalatesToImmediate() throws Exception {
        Pool pool = track(builder().workers(1).build());
        TaskHandle<Integer> running = pool.submit(new TestTasks.Sleeper(), (int) TestTimeouts.LONG.toMillis() * 2);
        awaitStarted(pool, running.seq());

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
        awaitStarted(pool, running.seq());

        assertThat(running.cancel()).isTrue();

        assertThat(Await.outcome(running)).isInstanceOfSatisfying(Outcome.Cancelled.class, c -> {
            assertThat(c.reason()).contains("cancelled");
            assertThat(c.info().attempts()).as("it was running, not queued").isEqualTo(1);
        });
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
    void workers_twoTasksAtOnce_runOnTwoDistinctWorkers() throws Exception {
        Pool pool = track(builder().workers(2).name("ids").build());
        TaskHandle<String> first = pool.submit(new TestTasks.UntilStopped(), "a");
        TaskHandle<String> second = pool.submit(new TestTasks.UntilStopped(), "b");

        String one = awaitStarted(pool, first.seq()).worker();
        String two = awaitStarted(pool, second.seq()).worker();

        assertThat(one).isNotBlank().isNotEqualTo(two);
        assertThat(two).isNotBlank();
        pool.stop();
        assertThat(Await.outcome(first).valueOrThrow()).isEqualTo("stopped");
        assertThat(Await.outcome(second).valueOrThrow()).isEqualTo("stopped");
    }

    // ---- every input read ends in one outcome: maps that are stopped, refused or out of time ----

    /** Reads a map's stream to its end; returns the outcomes and what ended it (null for a normal end). */
    @Test
    void mapWithInputs_completionOrder_eachOutcomeNamesItsInputAndPosition() {
        Pool pool = track(builder().workers(3).build());
        List<Integer> inputs = IntStream.range(0, 400).map(i -> i * 3 + 1).boxed().toList();

        List<MapOutcome<Integer, Integer>> outcomes;
        try (var stream = pool.mapWithInputs(new TestTasks.FailOnOdd(), inputs,
                MapOptions.completionOrder().chunkSize(4))) {
            outcomes = stream.toList();
        }

        assertThat(outcomes.stream().map(MapOutcome::index).sorted().toList())
                .isEqualTo(LongStream.range(0, 400).boxed().toList());
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.input()).isEqualTo(inputs.get((int) o.index()));
            if (o.input() % 2 == 0) {
                assertThat(o.outcome().valueOrThrow()).isEqualTo(o.input() * 2);
            } else {
                assertThat(o.outcome()).isInstanceOf(Outcome.Failed.class);
                assertThat(((Outcome.Failed<Integer>) o.outcome()).error())
                        .hasMessageContaining("odd input " + o.input());
            }
        });
        assertThat(outcomes).filteredOn(o -> !o.isSuccess()).hasSize(200);
    }

    @Test
    void mapWithInputs_inputOrder_indexesCountUpFromZero() {
        Pool pool = track(builder().workers(2).build());

        List<MapOutcome<String, String>> outcomes;
        try (var stream = pool.mapWithInputs(new TestTasks.WhoAmI(), Stream.of("a", "b", "c", "d"),
                MapOptions.ordered().window(2))) {
            outcomes = stream.toList();
        }

        assertThat(outcomes).extracting(MapOutcome::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(outcomes).extracting(MapOutcome::input).containsExactly("a", "b", "c", "d");
        assertThat(outcomes).allMatch(MapOutcome::isSuccess);
    }

    @Test
    void mapWithInputs_stoppedMidway_notRunOutcomesStillNameTheirInputs() {
        Pool pool = track(builder().workers(2).build());
        var inputs = new CountingInputs(200, i -> 100 + i);
        List<MapOutcome<Integer, Integer>> outcomes = new ArrayList<>();
        RuntimeException end = null;
        try (var stream = pool.mapWithInputs(new TestTasks.Sleeper(), inputs,
                MapOptions.completionOrder().window(30))) {
            var it = stream.iterator();
            outcomes.add(it.next());
            pool.stopNow();
            try {
                it.forEachRemaining(outcomes::add);
            } catch (PoolClosedException e) {
                end = e;
            }
        }

        assertThat(end).isNotNull();
        assertThat(outcomes).hasSize(inputs.read.get());
        assertThat(outcomes.stream().map(MapOutcome::index).sorted().toList())
                .isEqualTo(LongStream.range(0, inputs.read.get()).boxed().toList());
        assertThat(outcomes).allSatisfy(o -> assertThat(o.input()).isEqualTo(100 + (int) o.index()));
        assertThat(outcomes).filteredOn(o -> o.outcome() instanceof Outcome.NotRun<Integer>).isNotEmpty();
    }

    private static RuntimeException drain(java.util.Iterator<Outcome<Integer>> it, List<Outcome<Integer>> into) {
        try {
            it.forEachRemaining(into::add);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void assertEveryInputReadHasOneOutcome(CountingInputs inputs, List<Outcome<Integer>> outcomes) {
        assertThat(outcomes).hasSize(inputs.read.get());
        assertThat(outcomes.stream().map(o -> o.info().seq()).distinct().count()).isEqualTo(outcomes.size());
    }

    @Test
    void map_stoppedMidway_everyInputReadHasOneOutcomeThenPoolClosed() {
        for (boolean immediate : new boolean[] {false, true}) {
            Pool pool = track(builder().workers(2).build());
            var inputs = new CountingInputs(200, 20);
            List<Outcome<Integer>> outcomes = new ArrayList<>();
            RuntimeException end;
            try (var stream = pool.map(new TestTasks.Sleeper(), inputs, MapOptions.ordered().window(30))) {
                var it = stream.iterator();
                for (int i = 0; i < 10; i++) {
                    outcomes.add(it.next());
                }
                if (immediate) {
                    pool.stopNow();
                } else {
                    pool.stop();
                }
                end = drain(it, outcomes);
            }

            assertEveryInputReadHasOneOutcome(inputs, outcomes);
            assertThat(inputs.read.get()).isLessThan(200);
            assertThat(end).as("immediate " + immediate).isInstanceOf(PoolClosedException.class)
                    .hasMessageContaining("read no more inputs after " + inputs.read.get())
                    .hasMessageContaining(pool.name());
            assertThat(outcomes.subList(10, outcomes.size())).allSatisfy(o -> assertThat(o.kind())
                    .isIn("succeeded", "not run", "cancelled"));
            assertThat(outcomes).filteredOn(o -> o instanceof Outcome.NotRun<Integer>).isNotEmpty()
                    .allSatisfy(o -> assertThat(((Outcome.NotRun<Integer>) o).reason())
                            .contains("stopped").contains("before the task started"));
        }
    }

    @Test
    void map_completionOrderShutdownMidway_everyInputReadHasOneOutcomeThenPoolClosed() {
        Pool pool = track(builder().workers(2).build());
        var inputs = new CountingInputs(500, 5);
        List<Outcome<Integer>> outcomes = new ArrayList<>();
        RuntimeException end;
        try (var stream = pool.map(new TestTasks.Sleeper(), inputs, MapOptions.completionOrder().window(20))) {
            var it = stream.iterator();
            outcomes.add(it.next());
            pool.shutdown();
            end = drain(it, outcomes);
        }

        assertEveryInputReadHasOneOutcome(inputs, outcomes);
        assertThat(outcomes).allMatch(Outcome::isSuccess); // a shutdown runs what was queued
        assertThat(end).isInstanceOf(PoolClosedException.class).hasMessageContaining("shut down");
    }

    @Test
    void map_onClosedOrStoppedPool_throwsPoolClosedLikeSubmit() throws Exception {
        Pool closed = track(builder().workers(1).build());
        closed.close();
        Pool stopped = track(builder().workers(1).build());
        stopped.stop("maintenance");

        for (Pool pool : List.of(closed, stopped)) {
            var inputs = new CountingInputs(5, 1);
            assertThatThrownBy(() -> pool.map(new TestTasks.Doubler(), inputs))
                    .isInstanceOf(PoolClosedException.class).hasMessageContaining(pool.name());
            assertThatThrownBy(() -> pool.submit(new TestTasks.Doubler(), 1))
                    .isInstanceOf(PoolClosedException.class).hasMessageContaining(pool.name());
            assertThat(inputs.read.get()).isZero();
        }
        assertThatThrownBy(() -> stopped.map(new TestTasks.Doubler(), List.of(1)))
                .hasMessageContaining("maintenance");
    }

    @Test
    void map_deadlinePasses_pendingEndCancelledOrNotRunThenDeadlineExceeded() {
        Pool pool = track(builder().workers(2).build());
        var inputs = new CountingInputs(Integer.MAX_VALUE, (int) TestTimeouts.LONG.toMillis() * 2);
        Duration deadline = Duration.ofMillis(300);
        List<Outcome<Integer>> outcomes = new ArrayList<>();
        RuntimeException end;
        long start = System.nanoTime();
        try (var stream = pool.map(new TestTasks.Sleeper(), inputs, MapOptions.ordered().window(6)
                .deadline(deadline))) {
            end = drain(stream.iterator(), outcomes);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEveryInputReadHasOneOutcome(inputs, outcomes);
        assertThat(took).isLessThan(TestTimeouts.LONG);
        assertThat(end).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
            assertThat(e.inputsRead()).isEqualTo(inputs.read.get());
            assertThat(e.deadline()).isEqualTo(deadline);
        });
        assertThat(outcomes).hasSize(6);
        assertThat(outcomes).filteredOn(o -> o instanceof Outcome.Cancelled<Integer>).hasSize(2)
                .allSatisfy(o -> assertThat(((Outcome.Cancelled<Integer>) o).reason())
                        .isEqualTo("the map's deadline of PT0.3S passed while the task ran"));
        assertThat(outcomes).filteredOn(o -> o instanceof Outcome.NotRun<Integer>).hasSize(4)
                .allSatisfy(o -> assertThat(((Outcome.NotRun<Integer>) o).reason())
                        .isEqualTo("the map's deadline of PT0.3S passed before the task started"));
    }

    @Test
    void map_deadlineNotReached_endsNormally() {
        Pool pool = track(builder().workers(2).build());
        List<Integer> values;
        try (var stream = pool.map(new TestTasks.Doubler(), List.of(1, 2, 3),
                MapOptions.completionOrder().deadline(TestTimeouts.LONG))) {
            values = stream.map(Outcome::valueOrThrow).sorted().toList();
        }
        assertThat(values).containsExactly(2, 4, 6);
    }

    @Test
    void stop_reasonReachesRunningTaskFirst_notRunSaysItsOwnWords() throws Exception {
        List<PoolEvent.Started> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pool pool = track(builder().workers(1).listener(e -> {
            if (e instanceof PoolEvent.Started s) {
                started.add(s);
            }
        }).build());
        TaskHandle<String> running = pool.submit(new TestTasks.StopReason(), "x");
        TaskHandle<Integer> queued = pool.submit(new TestTasks.Doubler(), 1);
        Await.until("the first task started", () -> !started.isEmpty());

        pool.stop("maintenance at noon");

        assertThat(Await.outcome(running).valueOrThrow()).isEqualTo("maintenance at noon");
        assertThat(Await.outcome(queued)).isInstanceOfSatisfying(Outcome.NotRun.class, n -> assertThat(n.reason())
                .isEqualTo("maintenance at noon, before the task started"));
    }
}
