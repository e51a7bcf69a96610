package dev.spool.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestThreads;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SpoolLogFormatterTest {

    private static final String LINE =
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z [A-Z ]{7} \\[[^\\]]+\\] [^ .:]+: .*";
    private static final Instant AT = Instant.parse("2026-11-25T01:45:24.123Z");

    private final SpoolLogFormatter formatter = new SpoolLogFormatter();

    @Test
    void format_warningOnWorkerThread_isTheDocumentedLine() throws Exception {
        var line = new AtomicReference<String>();
        try (var threads = new TestThreads()) {
            threads.start("pool-1-worker-2",
                    () -> line.set(formatter.format(record(Level.WARNING, "task 17 failed: java.io.IOException: disk full"))));
        }

        assertThat(line.get()).isEqualTo("2026-11-25T01:45:24.123Z WARNING [pool-1-worker-2] pool: "
                + "task 17 failed: java.io.IOException: disk full" + System.lineSeparator());
        assertThat(line.get().strip()).matches(LINE);
    }

    @Test
    void format_shortLevelAndWholeSecond_padsLevelAndKeepsMillis() {
        LogRecord record = record(Level.INFO, "stopping");
        record.setInstant(Instant.parse("2026-11-25T01:45:24Z"));

        String line = formatter.format(record);

        assertThat(line).startsWith("2026-11-25T01:45:24.000Z INFO    [" + Thread.currentThread().getName() + "] pool: ");
        assertThat(line.strip()).matches(LINE);
    }

    @Test
    void format_withThrown_appendsStackTraceAfterTheLine() {
        LogRecord record = record(Level.SEVERE, "task 3 failed");
        record.setThrown(new IOException("disk full"));

        String[] lines = formatter.format(record).split("\\R");

        assertThat(lines[0]).matches(LINE).contains(" SEVERE  [").endsWith("pool: task 3 failed");
        assertThat(lines[1]).isEqualTo("java.io.IOException: disk full");
        assertThat(lines[2]).startsWith("\tat ").contains("SpoolLogFormatterTest");
    }

    @Test
    void format_parameters_areSubstituted() {
        LogRecord record = record(Level.FINE, "task {0} on {1}");
        record.setParameters(new Object[] {17, "pid 4242"});

        assertThat(formatter.format(record)).contains(" FINE    [").contains("pool: task 17 on pid 4242");
    }

    @Test
    void format_recordFromAnotherThread_namesThreadId() {
        LogRecord record = record(Level.INFO, "hello");
        record.setLongThreadID(Thread.currentThread().threadId() + 1_000_000);

        assertThat(formatter.format(record)).contains("[tid " + record.getLongThreadID() + "] pool: hello");
    }

    @Test
    void format_rootLogger_namesRoot() {
        LogRecord record = record(Level.INFO, "hello");
        record.setLoggerName("");

        assertThat(formatter.format(record).strip()).matches(LINE).endsWith("] root: hello");
    }

    @Test
    void install_rootConsoleHandler_getsSpoolFormatter() {
        Logger root = Logger.getLogger("");
        List<Handler> before = List.of(root.getHandlers());
        List<Formatter> formats = new ArrayList<>();
        before.forEach(h -> formats.add(h.getFormatter()));
        try {
            SpoolLogFormatter.install();

            assertThat(root.getHandlers())
                    .filteredOn(h -> h instanceof ConsoleHandler)
                    .isNotEmpty()
                    .allSatisfy(h -> assertThat(h.getFormatter()).isInstanceOf(SpoolLogFormatter.class));
        } finally {
            for (Handler h : root.getHandlers()) {
                if (!before.contains(h)) {
                    root.removeHandler(h);
                }
            }
            for (int i = 0; i < before.size(); i++) {
                before.get(i).setFormatter(formats.get(i));
            }
        }
    }

    private static LogRecord record(Level level, String message) {
        var record = new LogRecord(level, message);
        record.setInstant(AT);
        record.setLoggerName("dev.spool.pool");
        return record;
    }
}
