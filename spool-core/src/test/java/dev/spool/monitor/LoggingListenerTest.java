package dev.spool.monitor;

import static dev.spool.monitor.Events.finished;
import static dev.spool.monitor.Events.neverStarted;
import static dev.spool.monitor.Events.ran;
import static dev.spool.monitor.Events.retried;
import static dev.spool.monitor.Events.started;
import static dev.spool.monitor.Events.submitted;
import static dev.spool.monitor.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoggingListenerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T01:45:24Z");
    private static final Duration RUN = Duration.ofMillis(3);

    /** Held strongly: JUL keeps loggers weakly, and would forget the level and handler. */
    private final Logger julLogger = Logger.getLogger(LoggingListener.LOGGER_NAME);
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final LoggingListener listener = new LoggingListener();
    private Level levelBefore;
    private boolean parentHandlersBefore;

    @BeforeEach
    void captureRecords() {
        levelBefore = julLogger.getLevel();
        parentHandlersBefore = julLogger.getUseParentHandlers();
        capture.setLevel(Level.ALL);
        julLogger.addHandler(capture);
        julLogger.setUseParentHandlers(false);
        julLogger.setLevel(Level.ALL);
    }

    @AfterEach
    void restoreLogger() {
        julLogger.removeHandler(capture);
        julLogger.setLevel(levelBefore);
        julLogger.setUseParentHandlers(parentHandlersBefore);
    }

    @Test
    void onEvent_failedOutcome_logsWarningWithErrorAndNames() {
        var error = new IOException("disk full");

        listener.onEvent(finished(new Outcome.Failed<>(ran(17, 3, T0, RUN), error)));

        LogRecord record = single();
        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
        assertThat(record.getThrown()).isSameAs(error);
        assertThat(record.getLoggerName()).isEqualTo("dev.spool.pool");
        assertThat(record.getMessage())
                .isEqualTo("pool-1 task 17 attempt 3 failed on pool-1-worker-2: java.io.IOException: disk full");
    }

    @Test
    void onEvent_timedOutOutcome_logsWarning() {
        listener.onEvent(finished(new Outcome.TimedOut<>(ran(4, 1, T0, RUN), Duration.ofSeconds(5))));

        LogRecord record = single();
        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
        assertThat(record.getThrown()).isNull();
        assertThat(record.getMessage()).isEqualTo("pool-1 task 4 attempt 1 timed out on pool-1-worker-2 after 5.0 s");
    }

    @Test
    void onEvent_retried_logsInfoWithoutStackTrace() {
        listener.onEvent(retried(9, 2, T0, new IOException("flaky")));

        LogRecord record = single();
        assertThat(record.getLevel()).isEqualTo(Level.INFO);
        assertThat(record.getThrown()).isNull();
        assertThat(record.getMessage()).isEqualTo(
                "pool-1 task 9 attempt 2 failed on pool-1-worker-2, retrying in 100.0 ms: java.io.IOException: flaky");
    }

    @Test
    void onEvent_stopping_logsInfo() {
        listener.onEvent(new PoolEvent.Stopping(Events.POOL, T0, true, "SIGINT"));

        assertThat(single().getLevel()).isEqualTo(Level.INFO);
        assertThat(records.getFirst().getMessage()).isEqualTo("pool-1 stopping (immediate): SIGINT");
    }

    @Test
    void onEvent_workerStartedAndStoppedNormally_logsDebug() {
        listener.onEvent(new PoolEvent.WorkerStarted(Events.POOL, T0, "pid 4242"));
        listener.onEvent(new PoolEvent.WorkerStopped(Events.POOL, T0, "pid 4242", null));

        assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.FINE, Level.FINE);
        assertThat(records).extracting(LogRecord::getMessage)
                .containsExactly("pool-1 worker pid 4242 started", "pool-1 worker pid 4242 stopped");
    }

    @Test
    void onEvent_workerStoppedWithCause_logsWarningWithCause() {
        var cause = new IllegalStateException("child exited with 137");

        listener.onEvent(new PoolEvent.WorkerStopped(Events.POOL, T0, "pid 4242", cause));

        LogRecord record = single();
        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
        assertThat(record.getThrown()).isSameAs(cause);
        assertThat(record.getMessage()).startsWith("pool-1 worker pid 4242 stopped: ").contains("137");
    }

    @Test
    void onEvent_submittedStartedSucceeded_logTrace() {
        listener.onEvent(submitted(5, T0));
        listener.onEvent(started(5, 1, T0));
        listener.onEvent(succeeded(5, T0, RUN));

        assertThat(records).extracting(LogRecord::getLevel).containsOnly(Level.FINER).hasSize(3);
        assertThat(records).extracting(LogRecord::getMessage).containsExactly(
                "pool-1 task 5 submitted",
                "pool-1 task 5 attempt 1 started on pool-1-worker-2",
                "pool-1 task 5 attempt 1 succeeded on pool-1-worker-2 in 3.0 ms");
    }

    @Test
    void onEvent_cancelledAndNotRun_logDebug() {
        listener.onEvent(finished(new Outcome.Cancelled<>(ran(6, 1, T0, RUN), "by submitter")));
        listener.onEvent(finished(new Outcome.NotRun<>(neverStarted(7, T0), "pool stopped")));

        assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.FINE, Level.FINE);
        assertThat(records).extracting(LogRecord::getMessage).containsExactly(
                "pool-1 task 6 attempt 1 cancelled on pool-1-worker-2: by submitter",
                "pool-1 task 7 not run (never started): pool stopped");
    }

    @Test
    void onEvent_loggerAtInfo_dropsTraceAndDebug() {
        julLogger.setLevel(Level.INFO);

        listener.onEvent(submitted(1, T0));
        listener.onEvent(new PoolEvent.WorkerStarted(Events.POOL, T0, "pool-1-worker-1"));
        listener.onEvent(retried(1, 1, T0, new IOException("flaky")));

        assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.INFO);
    }

    private LogRecord single() {
        assertThat(records).hasSize(1);
        return records.getFirst();
    }
}
