package dev.spool.monitor;

import dev.spool.outcome.Outcome;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Logs a pool's events through a {@link System.Logger} (by default the one named {@value #LOGGER_NAME}),
 * so they reach whatever logging the application set up: {@code java.util.logging} out of the box, or
 * SLF4J and others through their {@code System.LoggerFinder}.
 *
 * <table>
 * <caption>Levels</caption>
 * <tr><th>event</th><th>level</th></tr>
 * <tr><td>task failed (with the error and its stack trace), timed out</td><td>WARNING</td></tr>
 * <tr><td>worker stopped with a cause (with the cause)</td><td>WARNING</td></tr>
 * <tr><td>attempt retried (with the error's message, no stack trace), pool stopping</td><td>INFO</td></tr>
 * <tr><td>worker started, worker stopped normally, task cancelled or not run</td><td>DEBUG</td></tr>
 * <tr><td>task submitted, started, succeeded</td><td>TRACE</td></tr>
 * </table>
 *
 * <p>Every message starts with the pool's name and, for a task, names its sequence number, the attempt
 * and the worker (a thread name or {@code pid N}), e.g. {@code pool-1 task 17 attempt 3 failed on
 * pool-1-worker-2: java.io.IOException: disk full}. A message is built only if its level is enabled, so
 * TRACE events cost one level check when off.
 *
 * <p>Stateless and thread-safe.
 */
public final class LoggingListener implements PoolListener {

    /** The name of the default logger. */
    public static final String LOGGER_NAME = "dev.spool.pool";

    private final Logger logger;

    /** Logs to the logger named {@value #LOGGER_NAME}. */
    public LoggingListener() {
        this(System.getLogger(LOGGER_NAME));
    }

    /** Logs to {@code logger}. */
    public LoggingListener(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public void onEvent(PoolEvent event) {
        Level level = levelOf(event);
        if (!logger.isLoggable(level)) {
            return;
        }
        Throwable thrown = thrownOf(event);
        if (thrown == null) {
            logger.log(level, messageOf(event));
        } else {
            logger.log(level, messageOf(event), thrown);
        }
    }

    static Level levelOf(PoolEvent event) {
        return switch (event) {
            case PoolEvent.Submitted s -> Level.TRACE;
            case PoolEvent.Started s -> Level.TRACE;
            case PoolEvent.Retried r -> Level.INFO;
            case PoolEvent.Finished f -> switch (f.outcome()) {
                case Outcome.Succeeded<?> s -> Level.TRACE;
                case Outcome.Failed<?> x -> Level.WARNING;
                case Outcome.TimedOut<?> t -> Level.WARNING;
                case Outcome.Cancelled<?> c -> Level.DEBUG;
                case Outcome.NotRun<?> n -> Level.DEBUG;
            };
            case PoolEvent.WorkerStarted w -> Level.DEBUG;
            case PoolEvent.WorkerStopped w -> w.cause() == null ? Level.DEBUG : Level.WARNING;
            case PoolEvent.Stopping s -> Level.INFO;
        };
    }

    /** The throwable whose stack trace goes with the message: a failed task's error, a worker's cause. */
    private static Throwable thrownOf(PoolEvent event) {
        return switch (event) {
            case PoolEvent.Finished(var pool, var at, Outcome.Failed<?> f) -> f.error();
            case PoolEvent.WorkerStopped w -> w.cause();
            default -> null;
        };
    }

    static String messageOf(PoolEvent event) {
        var m = new StringBuilder(96).append(event.pool());
        switch (event) {
            case PoolEvent.Submitted s -> m.append(" task ").append(s.seq()).append(" submitted");
            case PoolEvent.Started s -> m.append(" task ").append(s.seq()).append(" attempt ").append(s.attempt())
                    .append(" started on ").append(s.worker());
            case PoolEvent.Retried r -> m.append(" task ").append(r.seq()).append(" attempt ").append(r.attempt())
                    .append(" failed on ").append(r.worker()).append(", retrying in ")
                    .append(DurationText.of(r.delay())).append(": ").append(r.error());
            case PoolEvent.Finished f -> appendOutcome(m, f.outcome());
            case PoolEvent.WorkerStarted w -> m.append(" worker ").append(w.worker()).append(" started");
            case PoolEvent.WorkerStopped w -> {
                m.append(" worker ").append(w.worker()).append(" stopped");
                if (w.cause() != null) {
                    m.append(": ").append(w.cause());
                }
            }
            case PoolEvent.Stopping s -> m.append(" stopping (").append(s.immediate() ? "immediate" : "graceful")
                    .append("): ").append(s.reason());
        }
        return m.toString();
    }

    private static void appendOutcome(StringBuilder m, Outcome<?> outcome) {
        Outcome.TaskInfo info = outcome.info();
        m.append(" task ").append(info.seq());
        if (info.attempts() == 0) {
            m.append(' ').append(outcome.kind()).append(" (never started)");
        } else {
            m.append(" attempt ").append(info.attempts()).append(' ').append(outcome.kind())
                    .append(" on ").append(info.worker());
        }
        switch (outcome) {
            case Outcome.Succeeded<?> s -> m.append(" in ").append(DurationText.of(info.runTime()));
            case Outcome.Failed<?> f -> m.append(": ").append(f.error());
            case Outcome.TimedOut<?> t -> m.append(" after ").append(DurationText.of(t.timeout()));
            case Outcome.Cancelled<?> c -> m.append(": ").append(c.reason());
            case Outcome.NotRun<?> n -> m.append(": ").append(n.reason());
        }
    }
}
