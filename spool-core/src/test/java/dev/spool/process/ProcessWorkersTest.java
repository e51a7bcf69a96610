package dev.spool.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.PoolBuilder;
import dev.spool.pool.PoolInvariants;
import dev.spool.pool.RetryPolicy;
import dev.spool.pool.Task;
import dev.spool.pool.TaskHandle;
import dev.spool.pool.WorkerKind;
import dev.spool.pool.WorkerStartException;
import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Process workers in real child JVMs: codecs, crashes, timeouts, recycling, stops, bad input. */
class ProcessWorkersTest {

    private final PoolInvariants invariants = new PoolInvariants();

    /** A builder whose pools' invariants are checked after the test. */
    private PoolBuilder builder() {
        return Pool.builder().kind(WorkerKind.PROCESS).handleSignals(false).listener(invariants.listener());
    }

    private Pool track(Pool pool) {
        return invariants.track(pool);
    }

    @AfterEach
    void stopPoolsAndCheckInvariants() throws InterruptedException {
        invariants.stopAndCheck();
    }

    // ---- codecs ----

    @Test
    void builtinCodecs_everyType_roundTripsThroughAChild() throws Exception {
        Pool pool = track(builder().workers(1).build());
        List<Object> values = Arrays.asList("", "héllo wörld ✓ 𝄞", 0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 3.25,
                Double.NaN, -0.5f, (short) -7, (byte) 0x7f, 'λ', true, false, null);

        for (Object value : values) {
            Object back = Await.outcome(pool.submit(new ProcessTestTasks.Echo(), value)).valueOrThrow();
            assertThat(back).isEqualTo(value);
        }
        byte[] bytes = {0, 1, -1, 127, -128};
        assertThat((byte[]) Await.outcome(pool.submit(new ProcessTestTasks.Echo(), (Object) bytes)).valueOrThrow())
                .containsExactly(bytes);
        assertThat((byte[]) Await.outcome(pool.submit(new ProcessTestTasks.Echo(), (Object) new byte[0]))
                .valueOrThrow()).isEmpty();
    }

    @Test
    void userCodec_record_roundTripsSingleAndChunked() throws Exception {
        Pool pool = track(builder().kind(ProcessWorkers.childJvms().codec(new ProcessTestTasks.PointCodec())).workers(2).build());

        Object back = Await.outcome(pool.submit(new ProcessTestTasks.Echo(), new ProcessTestTasks.Point(3, -4)))
                .valueOrThrow();
        List<Object> points = IntStream.range(0, 50).mapToObj(i -> (Object) new ProcessTestTasks.Point(i, i * i))
                .toList();
        List<Object> chunked;
        try (var outcomes = pool.map(new ProcessTestTasks.Echo(), points, MapOptions.ordered().chunkSize(8))) {
            chunked = outcomes.map(Outcome::valueOrThrow).toList();
        }

        assertThat(back).isEqualTo(new ProcessTestTasks.Point(3, -4));
        assertThat(chunked).isEqualTo(points);
    }

    @Test
    void unencodableInputAndResult_failedNamingTheType_workerGoesOn() throws Exception {
        Pool pool = track(builder().workers(1).build());

        Outcome<Object> input = Await.outcome(pool.submit(new ProcessTestTasks.Echo(), new StringBuilder("x")));
        Outcome<Object> result = Await.outcome(pool.submit(new ProcessTestTasks.ReturnsUnencodable(), "x"));
        Outcome<Object> next = Await.outcome(pool.submit(new ProcessTestTasks.Echo(), "still here"));

        assertThat(input).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(UnencodableValueException.class).hasMessageContaining("java.lang.StringBuilder"));
        assertThat(result).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(UnencodableValueException.class).hasMessageContaining("[Ljava.lang.Thread$State;"));
        assertThat(next.valueOrThrow()).isEqualTo("still here");
    }

    @Test
    void taskError_rebuiltWithClassMessageAndCause_retryOnTypeWorks() throws Exception {
        var events = new ConcurrentLinkedQueue<PoolEvent>();
        Pool pool = track(builder().workers(1).listener(events::add)
                .retry(RetryPolicy.attempts(2).retryOn(e -> e instanceof IOException)).build());

        Outcome<String> outcome = Await.outcome(pool.submit(new ProcessTestTasks.ThrowIo(), "disk on fire"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.error()).isInstanceOf(IOException.class).hasMessage("disk on fire")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(f.error().getStackTrace()[0].getClassName()).isEqualTo(ProcessTestTasks.ThrowIo.class.getName());
        });
        assertThat(outcome.info().attempts()).isEqualTo(2);
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.Retried)).hasSize(1);
    }

    // ---- the child's streams ----

    @Test
    void systemOutInTask_goesToTheLogTaggedWithPid_notIntoTheProtocol() throws Exception {
        var records = new ConcurrentLinkedQueue<String>();
        Logger logger = Logger.getLogger("dev.spool.process");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            Pool pool = track(builder().workers(1).build());
            Outcome<String> outcome = Await.outcome(pool.submit(new ProcessTestTasks.Print(), "hello from a task"));
            long pid = pid(outcome.info().worker());

            assertThat(outcome.valueOrThrow()).isEqualTo("hello from a task");
            Await.until("the line is logged", () -> records.contains("[pid " + pid + "] hello from a task"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    // ---- crashes ----

    @Test
    void systemExit_failedSayingTheStatus_replacementChildRunsTheNext() throws Exception {
        Pool pool = track(builder().workers(1).build());

        Outcome<Integer> crashed = Await.outcome(pool.submit(new ProcessTestTasks.Exit(), 42));
        Outcome<Long> next = Await.outcome(pool.submit(new ProcessTestTasks.Pid(), null));

        assertThat(crashed).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(ChildDiedException.class).hasMessageContaining("exit status 42")
                .hasMessageContaining("while running task 1"));
        assertThat(((ChildDiedException) ((Outcome.Failed<?>) crashed).error()).exitStatus()).hasValue(42);
        assertThat(next.valueOrThrow()).isNotEqualTo(pid(crashed.info().worker()));
        assertGone(pid(crashed.info().worker()));
    }

    @Test
    void outOfMemory_failedSayingSo_replacementChildRunsTheNext() throws Exception {
        Pool pool = track(builder().kind(ProcessWorkers.childJvms().jvmOptions("-Xmx24m")).workers(1).build());

        Outcome<Integer> crashed = Await.outcome(pool.submit(new ProcessTestTasks.Hog(), 1));
        Outcome<Object> next = Await.outcome(pool.submit(new ProcessTestTasks.Echo(), "after"));

        assertThat(crashed).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(ChildDiedException.class).hasMessageContaining("out of memory")
                .hasMessageContaining("OutOfMemoryError"));
        assertThat(next.valueOrThrow()).isEqualTo("after");
    }

    @Test
    void sigkillFromOutside_failedSayingTheSignal_retriedOnAReplacement() throws Exception {
        var started = new ConcurrentLinkedQueue<PoolEvent.Started>();
        Pool pool = track(builder().workers(1).retry(RetryPolicy.attempts(2))
                .listener(e -> {
                    if (e instanceof PoolEvent.Started s) {
                        started.add(s);
                    }
                }).build());
        TaskHandle<Integer> handle = pool.submit(new ProcessTestTasks.Spin(), (int) TestTimeouts.LONG.toMillis());
        Await.until("the task started", () -> !started.isEmpty());
        long victim = pid(started.peek().worker());

        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        Await.until("the retry started", () -> started.size() == 2);
        handle.cancel();
        Outcome<Integer> outcome = Await.outcome(handle);

        assertThat(outcome).isInstanceOf(Outcome.Cancelled.class);
        assertThat(pid(outcome.info().worker())).isNotEqualTo(victim);
    }

    @Test
    void sigkillFromOutside_noRetry_failedNamingSigkill() throws Exception {
        var started = new ConcurrentLinkedQueue<PoolEvent.Started>();
        Pool pool = track(builder().workers(1).listener(e -> {
            if (e instanceof PoolEvent.Started s) {
                started.add(s);
            }
        }).build());
        TaskHandle<Integer> handle = pool.submit(new ProcessTestTasks.Spin(), (int) TestTimeouts.LONG.toMillis());
        Await.until("the task started", () -> !started.isEmpty());

        ProcessHandle.of(pid(started.peek().worker())).orElseThrow().destroyForcibly();

        assertThat(Await.outcome(handle)).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(ChildDiedException.class).hasMessageContaining("killed by signal 9 (SIGKILL)"));
        assertThat(Await.outcome(pool.submit(new ProcessTestTasks.Echo(), 1)).valueOrThrow()).isEqualTo(1);
    }

    @Test
    void crashInsideChunk_tasksAfterTheCrashRunOnAReplacement_onlyThoseThatRanFail() {
        Pool pool = track(builder().workers(2).build());
        List<Integer> inputs = IntStream.range(0, 100).map(i -> i == 55 ? -9 : i).boxed().toList();

        List<Outcome<Integer>> outcomes;
        try (var stream = pool.map(new ProcessTestTasks.ExitOnNegative(), inputs, MapOptions.ordered().chunkSize(10))) {
            outcomes = stream.toList();
        }

        for (int i = 0; i < 100; i++) {
            if (i >= 50 && i <= 55) {
                // 50-54 ran and their results died with the child; 55 killed it
                assertThat(outcomes.get(i)).as("input " + i).isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.error()).isInstanceOf(ChildDiedException.class)
                                .hasMessageContaining("exit status 9").hasMessageContaining("chunk of 10 tasks"));
            } else {
                // 56-59 never started in the dead child: they ran on its replacement, as first attempts
                assertThat(outcomes.get(i).valueOrThrow()).as("input " + i).isEqualTo(inputs.get(i) * 2);
                assertThat(outcomes.get(i).info().attempts()).as("input " + i).isEqualTo(1);
            }
        }
    }

    // ---- pipelining (a map's single tasks sent ahead) ----

    @Test
    void pipelinedMap_crash_onlyTheRunningTaskFails_tasksSentAheadRunOnAReplacement() {
        Pool pool = track(builder().workers(2).build());
        List<Integer> inputs = IntStream.range(0, 200).map(i -> i == 120 ? -9 : i).boxed().toList();

        List<Outcome<Integer>> outcomes;
        try (var stream = pool.map(new ProcessTestTasks.ExitOnNegative(), inputs)) {
            outcomes = stream.toList();
        }

        assertThat(outcomes.get(120)).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(ChildDiedException.class).hasMessageContaining("exit status 9"));
        for (int i = 0; i < 200; i++) {
            if (i != 120) {
                assertThat(outcomes.get(i).valueOrThrow()).as("input " + i).isEqualTo(i * 2);
                assertThat(outcomes.get(i).info().attempts()).as("input " + i).isEqualTo(1);
            }
        }
    }

    @Test
    void pipelinedMap_twentyOf400KillTheirChild_exactlyThoseTwentyFail() {
        List<PoolEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pool pool = track(builder().workers(2).listener(events::add).build());
        List<Integer> inputs = IntStream.range(0, 400).map(i -> i % 20 == 7 ? -9 : i).boxed().toList();

        List<Outcome<Integer>> outcomes;
        try (var stream = pool.map(new ProcessTestTasks.ExitOnNegative(), inputs)) {
            outcomes = stream.toList();
        }

        assertThat(outcomes).hasSize(400);
        assertThat(outcomes).filteredOn(o -> !o.isSuccess()).hasSize(20).allSatisfy(o -> {
            assertThat(inputs.get((int) o.info().seq() - 1)).isEqualTo(-9);
            assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                    .isInstanceOf(ChildDiedException.class));
        });
        assertThat(outcomes).filteredOn(Outcome::isSuccess).hasSize(380)
                .allSatisfy(o -> assertThat(o.info().attempts()).isEqualTo(1));
        // a task taken back unstarted was never Started: one Started per task, none twice
        assertThat(events.stream().filter(e -> e instanceof PoolEvent.Started).count()).isEqualTo(400);
    }

    @Test
    void pipelinedMap_shutdownWhileTasksInFlight_everyTaskStillCompletes() throws Exception {
        Pool pool = track(builder().workers(1).build());
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // The loop tops its pipeline up from the queue after each result: once the queue is shut and
            // empty, that must end the topping up, not the loop (it held the tasks still in the child).
            var outcomes = executor.submit(() -> {
                List<Outcome<Integer>> all = new ArrayList<>();
                try (var stream = pool.map(new ProcessTestTasks.Spin(), java.util.Collections.nCopies(3, 300))) {
                    var iterator = stream.iterator();
                    all.add(iterator.next());
                    pool.shutdown();
                    iterator.forEachRemaining(all::add);
                }
                return all;
            }).get(TestTimeouts.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);

            assertThat(outcomes).hasSize(3).allMatch(Outcome::isSuccess);
            Await.termination(pool);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void pipelinedMap_retries_everyTaskSucceedsOnItsSecondAttempt() {
        Pool pool = track(builder().workers(2).retry(RetryPolicy.attempts(2)).build());

        List<Outcome<Integer>> outcomes;
        try (var stream = pool.map(new dev.spool.pool.TestTasks.SucceedOnAttempt(), java.util.Collections.nCopies(60, 2))) {
            outcomes = stream.toList();
        }

        assertThat(outcomes).hasSize(60).allSatisfy(o -> {
            assertThat(o.valueOrThrow()).isEqualTo(2);
            assertThat(o.info().attempts()).isEqualTo(2);
        });
    }

    @Test
    void pipelinedMap_gracefulStop_tasksSentAheadAreNotRun() throws Exception {
        Pool pool = track(builder().workers(1).build());
        List<Outcome<Integer>> outcomes = new ArrayList<>();

        try (var stream = pool.map(new ProcessTestTasks.Spin(), java.util.Collections.nCopies(12, 200),
                MapOptions.ordered().window(12))) {
            var iterator = stream.iterator();
            outcomes.add(iterator.next()); // by now the next tasks sit in the child's pipe
            pool.stop();
            iterator.forEachRemaining(outcomes::add);
        }
        Await.termination(pool);

        assertThat(outcomes).hasSize(12).allMatch(o -> o.isSuccess() || o instanceof Outcome.NotRun<Integer>);
        assertThat(outcomes.getFirst().isSuccess()).isTrue();
        assertThat(outcomes.stream().filter(o -> o instanceof Outcome.NotRun<Integer>)).hasSizeGreaterThanOrEqualTo(9);
    }

    // ---- timeouts, recycling ----

    @Test
    void hungChild_timedOut_killedAndReplaced() throws Exception {
        // The limit also times the replacement child's first task (its classes still loading): 300 ms was
        // too little for that on a loaded machine.
        Pool pool = track(builder().workers(1).taskTimeout(TestTimeouts.scaled(java.time.Duration.ofSeconds(2)))
                .build());

        Outcome<Integer> hung = Await.outcome(pool.submit(new ProcessTestTasks.Spin(), (int) TestTimeouts.LONG.toMillis()));
        Outcome<Long> next = Await.outcome(pool.submit(new ProcessTestTasks.Pid(), null));

        assertThat(hung).isInstanceOf(Outcome.TimedOut.class);
        long hungPid = pid(hung.info().worker());
        assertThat(next.valueOrThrow()).isNotEqualTo(hungPid);
        assertGone(hungPid);
    }

    @Test
    void tasksPerChild_recyclesAfterN() throws Exception {
        Pool pool = track(builder().kind(ProcessWorkers.childJvms().tasksPerChild(3)).workers(1).build());

        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            pids.add(Await.outcome(pool.submit(new ProcessTestTasks.Pid(), null)).valueOrThrow());
        }

        assertThat(pids.subList(0, 3)).containsOnly(pids.get(0));
        assertThat(pids.subList(3, 6)).containsOnly(pids.get(3));
        assertThat(pids.get(6)).isNotIn(pids.get(0), pids.get(3));
        assertGone(pids.get(0));
    }

    @Test
    void workerInitializer_runsInEachChild() throws Exception {
        Pool pool = track(builder().kind(ProcessWorkers.childJvms().workerInitializer(ProcessTestTasks.SetPropertyInitializer.class))
                .workers(1)
                .build());

        Outcome<String> outcome = Await.outcome(pool.submit(new ProcessTestTasks.ReadInitialized(), ""));

        assertThat(outcome.valueOrThrow()).isEqualTo("yes, " + outcome.info().worker());
    }

    // ---- stops ----

    @Test
    void gracefulStop_runningTasksFinish_everyChildExits() throws Exception {
        var workers = new ConcurrentLinkedQueue<String>();
        Pool pool = track(builder().workers(2).listener(e -> {
            if (e instanceof PoolEvent.WorkerStarted s) {
                workers.add(s.worker());
            }
        }).build());
        List<TaskHandle<Integer>> running = List.of(pool.submit(new ProcessTestTasks.Spin(), 300),
                pool.submit(new ProcessTestTasks.Spin(), 300));
        TaskHandle<Integer> queued = pool.submit(new ProcessTestTasks.Spin(), 1);
        Await.until("both started", () -> pool.queued() == 1);

        pool.stop();
        Await.termination(pool);

        for (TaskHandle<Integer> handle : running) {
            assertThat(Await.outcome(handle).valueOrThrow()).isEqualTo(300);
        }
        assertThat(Await.outcome(queued)).isInstanceOf(Outcome.NotRun.class);
        assertThat(workers).hasSize(2);
        for (String worker : workers) {
            assertGone(pid(worker));
        }
    }

    @Test
    void immediateStop_taskIgnoresEverything_cancelledAndChildTerminated() throws Exception {
        Pool pool = track(builder().workers(1).build());
        TaskHandle<Integer> handle = pool.submit(new ProcessTestTasks.Spin(), (int) TestTimeouts.LONG.toMillis());
        Await.until("started", () -> pool.queued() == 0);

        pool.stopNow();
        Outcome<Integer> outcome = Await.outcome(handle);
        Await.termination(pool);

        assertThat(outcome).isInstanceOf(Outcome.Cancelled.class);
        assertGone(pid(outcome.info().worker()));
    }

    // ---- bad input ----

    @Test
    void badTaskClasses_rejectedAtSubmitNamingTheClass() {
        Pool pool = track(builder().workers(1).build());
        Task<String, String> lambda = (s, c) -> s;
        Task<String, String> anonymous = new Task<>() {
            @Override
            public String run(String input, dev.spool.pool.TaskContext context) {
                return input;
            }
        };

        assertThatThrownBy(() -> pool.submit(lambda, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda").hasMessageContaining("ProcessWorkersTest");
        assertThatThrownBy(() -> pool.submit(anonymous, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anonymous").hasMessageContaining(anonymous.getClass().getName());
        assertThatThrownBy(() -> pool.submit(new ProcessTestTasks.Hidden(), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ProcessTestTasks.Hidden.class.getName() + " is not public");
        assertThatThrownBy(() -> pool.map(new ProcessTestTasks.NeedsArgument("a"), List.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ProcessTestTasks.NeedsArgument.class.getName())
                .hasMessageContaining("no public no-argument constructor");
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Callable");
    }

    @Test
    void badJvmOption_buildFailsNamingItWithTheChildsStderr() {
        assertThatThrownBy(() -> builder().kind(ProcessWorkers.childJvms().jvmOptions("-XX:+NoSuchSpoolOption"))
                .workers(2).build())
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("-XX:+NoSuchSpoolOption")
                .hasMessageContaining("Unrecognized VM option 'NoSuchSpoolOption'")
                .hasMessageContaining("exit status 1");
    }

    @Test
    void missingJava_buildFailsNamingThePath() {
        assertThatThrownBy(() -> builder().kind(ProcessWorkers.childJvms().javaHome(Path.of("/no/such/jdk"))).workers(1).build())
                .isInstanceOf(WorkerStartException.class).hasMessageContaining("/no/such/jdk/bin/java");
    }

    @Test
    void failingInitializer_buildFailsWithItsError() {
        assertThatThrownBy(() -> builder().workers(1)
                .kind(ProcessWorkers.childJvms().workerInitializer(ProcessTestTasks.FailingInitializer.class)).build())
                .isInstanceOf(WorkerStartException.class).hasMessageContaining("no database at db.invalid")
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    static long pid(String worker) {
        assertThat(worker).startsWith("pid ");
        return Long.parseLong(worker.substring(4));
    }

    /** Fails unless process {@code pid} is gone within {@link TestTimeouts#SHORT}. */
    static void assertGone(long pid) throws InterruptedException {
        dev.spool.testing.Await.within(TestTimeouts.SHORT, "process " + pid + " gone",
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void workerPids_atBuild_everyChildNamedAndItsStartedEventEmitted() {
        List<PoolEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pool pool = track(builder().workers(3).listener(events::add).build());

        List<Long> pids = pool.workerPids();

        assertThat(pids).hasSize(3).doesNotHaveDuplicates()
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).hasValueSatisfying(h -> assertThat(h.isAlive())
                        .isTrue()));
        assertThat(events).filteredOn(e -> e instanceof PoolEvent.WorkerStarted)
                .map(e -> ((PoolEvent.WorkerStarted) e).worker())
                .containsExactlyInAnyOrderElementsOf(pids.stream().map(pid -> "pid " + pid).toList());
    }
}
