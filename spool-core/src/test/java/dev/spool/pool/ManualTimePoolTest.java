package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timeouts and stop escalations on a {@link ManualTime} clock: an hour's timeout fires when the test moves
 * the clock past it, not before and not by waiting, and the outcome's times are exact.
 */
class ManualTimePoolTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final PoolInvariants invariants = new PoolInvariants();
    private final ManualTime time = new ManualTime();
    private final CountDownLatch started = new CountDownLatch(1);

    private PoolBuilder builder() {
        return Pool.builder().kind(WorkerKind.PLATFORM).workers(1).handleSignals(false).time(time, time)
                .listener(invariants.listener()).listener(event -> {
                    if (event instanceof PoolEvent.Started) {
                        started.countDown();
                    }
                });
    }

    @AfterEach
    void checkInvariants() throws InterruptedException {
        invariants.stopAndCheck();
    }

    @Test
    void taskTimeout_firesWhenTheClockPassesIt_notBefore_withExactTimes() throws Exception {
        Pool pool = invariants.track(builder().taskTimeout(HOUR).build());
        TaskHandle<String> handle = pool.submit(new TestTasks.UntilStopped(), "x"); // runs until interrupted
        Await.latch(started);
        // The worker schedules the attempt's timer just after its Started event: wait for the timer.
        Await.until("the attempt's timer scheduled", () -> time.pending() == 1);

        time.advance(HOUR.minusNanos(1));
        assertThat(handle.isDone()).as("done a nanosecond before its timeout").isFalse();

        time.advance(Duration.ofNanos(1)); // the timeout runs here, on this thread, and interrupts the task
        Outcome<String> outcome = Await.outcome(handle);

        assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
        assertThat(((Outcome.TimedOut<String>) outcome).timeout()).isEqualTo(HOUR);
        assertThat(outcome.info().submitted()).isEqualTo(ManualTime.START);
        assertThat(outcome.info().started()).isEqualTo(ManualTime.START);
        assertThat(outcome.info().ended()).isEqualTo(ManualTime.at(HOUR));
        assertThat(outcome.info().runTime()).isEqualTo(HOUR);
        pool.shutdown();
        Await.termination(pool);
    }

    @Test
    void taskEndingBeforeItsTimeout_cancelsTheTimer() throws Exception {
        Pool pool = invariants.track(builder().taskTimeout(HOUR).build());

        Outcome<Integer> outcome = Await.outcome(pool.submit(new TestTasks.Doubler(), 21));

        assertThat(outcome.valueOrThrow()).isEqualTo(42);
        assertThat(time.pending()).as("timers left after the attempt ended").isZero();
        time.advance(HOUR); // a timer that fired now would find nothing to time out
        pool.shutdown();
        Await.termination(pool);
    }

    @Test
    void stopWithGrace_escalatesWhenTheClockPassesTheGrace() throws Exception {
        Pool pool = invariants.track(builder().build());
        TaskHandle<Integer> handle = pool.submit(new TestTasks.Sleeper(), (int) Duration.ofDays(1).toMillis());
        Await.latch(started);

        pool.stop(Duration.ofMinutes(5)); // the sleeper does not look at the stop token
        time.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(handle.isDone()).as("done before the grace ran out").isFalse();

        time.advance(Duration.ofNanos(1)); // stopNow() runs here and interrupts the sleeper
        Outcome<Integer> outcome = Await.outcome(handle);

        assertThat(outcome).isInstanceOf(Outcome.Cancelled.class);
        assertThat(outcome.info().ended()).isEqualTo(ManualTime.at(Duration.ofMinutes(5)));
        Await.termination(pool);
    }
}
