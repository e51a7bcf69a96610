package dev.spool.monitor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Formats a {@code java.util.logging} record as one line (plus the stack trace of its thrown, if any):
 *
 * <pre>
 * 2026-11-25T01:45:24.123Z WARNING [pool-1-worker-2] pool: pool-1 task 17 attempt 1 failed on pool-1-worker-2: java.io.IOException: disk full
 * </pre>
 *
 * <p>That is: the time in ISO-8601 UTC with milliseconds, the level name padded to 7, the thread in
 * brackets, the last segment of the logger's name, a colon, and the {@linkplain #formatMessage formatted
 * message}. The thread's name is known when the record is formatted on the thread that logged it (as
 * {@link ConsoleHandler} does); otherwise the thread reads {@code tid N}. Line ends are the platform's.
 *
 * <p>Stateless and thread-safe.
 */
public final class SpoolLogFormatter extends Formatter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int LEVEL_WIDTH = 7;

    /** Creates the formatter. */
    public SpoolLogFormatter() {}

    /**
     * Puts a {@code SpoolLogFormatter} on every {@link ConsoleHandler} of the root JUL logger, adding a
     * console handler (to {@code System.err}) if it has none. Meant for examples and the command line, where
     * Spool owns the logging setup; a library user configures logging their own way instead. Idempotent.
     */
    public static void install() {
        Logger root = Logger.getLogger("");
        boolean found = false;
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                handler.setFormatter(new SpoolLogFormatter());
                found = true;
            }
        }
        if (!found) {
            var console = new ConsoleHandler();
            console.setFormatter(new SpoolLogFormatter());
            root.addHandler(console);
        }
    }

    @Override
    public String format(LogRecord record) {
        var line = new StringBuilder(160);
        TIME.formatTo(record.getInstant(), line);
        String level = record.getLevel().getName();
        line.append(' ').append(level);
        line.repeat(' ', Math.max(0, LEVEL_WIDTH - level.length()));
        line.append(" [").append(threadName(record)).append("] ")
                .append(lastSegment(record.getLoggerName())).append(": ")
                .append(formatMessage(record))
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            var trace = new StringWriter();
            try (var out = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.toString();
    }

    private static String threadName(LogRecord record) {
        Thread current = Thread.currentThread();
        return record.getLongThreadID() == current.threadId()
                ? current.getName()
                : "tid " + record.getLongThreadID();
    }

    private static String lastSegment(String loggerName) {
        if (loggerName == null || loggerName.isEmpty()) {
            return "root";
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
