package dev.spool.cli.run;

import dev.spool.cli.RawArgs;
import dev.spool.cli.UsageException;
import dev.spool.cli.job.IoReason;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GNU parallel's {@code --joblog}: a tab-separated file with the header {@value #HEADER}, one line per
 * finished job, flushed per line. Text is written as ISO-8859-1 so that command bytes pass unchanged.
 *
 * <p>Not thread-safe: the runner writes from one thread.
 */
public final class JobLog implements Closeable {

    public static final String HEADER = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand";

    private final Writer out;

    private JobLog(Writer out) {
        this.out = out;
    }

    /**
     * Opens the log: truncated with a new header, or appended to (the header written only if the file is
     * new or empty).
     *
     * @throws UsageException if the file cannot be written, naming it
     */
    public static JobLog open(Path path, boolean append) {
        if (path.toString().equals("-")) { // GNU parallel: --joblog - is stdout, after each job's output
            var stdout = new java.io.FilterOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out)) {
                @Override
                public void close() throws IOException {
                    flush(); // stdout stays open for what follows
                }
            };
            var log = new JobLog(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.ISO_8859_1)));
            try {
                log.out.write(HEADER + "\n");
                log.out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return log;
        }
        try {
            boolean fresh = !append || !Files.exists(path) || Files.size(path) == 0;
            var stream = append
                    ? Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(path);
            var log = new JobLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.ISO_8859_1)));
            if (fresh) {
                log.out.write(HEADER + "\n");
                log.out.flush();
            }
            return log;
        } catch (IOException e) {
            throw new UsageException("--joblog: cannot write '" + RawArgs.fromPlatform(path.toString()) + "': "
                    + IoReason.of(e), e);
        }
    }

    /** Appends one job's line and flushes it; {@code received} is the size of the job's stdout, as GNU's Receive. */
    public void write(long seq, double startEpochSeconds, double runtimeSeconds, long received, int exitValue,
                      int signal, String command) throws IOException {
        writeLine(seq, ":", startEpochSeconds, runtimeSeconds, 0, received, exitValue, signal, command);
    }

    /** As {@link #write(long, double, double, long, int, int, String)}; {@code sent}: the bytes of its --pipe block. */
    public void write(long seq, double startEpochSeconds, double runtimeSeconds, long sent, long received,
                      int exitValue, int signal, String command) throws IOException {
        writeLine(seq, ":", startEpochSeconds, runtimeSeconds, sent, received, exitValue, signal, command);
    }

    /** As {@link #write(long, double, double, long, int, int, String)}, for a job run on {@code host}. */
    public void write(long seq, String host, double startEpochSeconds, double runtimeSeconds, long received,
                      int exitValue, int signal, String command) throws IOException {
        writeLine(seq, host, startEpochSeconds, runtimeSeconds, 0, received, exitValue, signal, command);
    }

    /** As {@link #write(long, double, double, long, long, int, int, String)}, for a job run on {@code host}. */
    public void write(long seq, String host, double startEpochSeconds, double runtimeSeconds, long sent,
                      long received, int exitValue, int signal, String command) throws IOException {
        writeLine(seq, host, startEpochSeconds, runtimeSeconds, sent, received, exitValue, signal, command);
    }

    private void writeLine(long seq, String host, double startEpochSeconds, double runtimeSeconds, long sent,
                       long received, int exitValue, int signal, String command) throws IOException {
        out.write(String.format(Locale.ROOT, "%d\t%s\t%.3f\t%10.3f\t%d\t%d\t%d\t%d\t%s\n",
                seq, host, startEpochSeconds, runtimeSeconds, sent, received, exitValue, signal, command));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** One line of a joblog as read back. */
    public record Entry(long seq, int exitValue, int signal, String command) {
        public boolean succeeded() {
            return exitValue == 0 && signal == 0;
        }
    }

    /**
     * Reads a joblog for {@code --resume}, {@code --resume-failed} or {@code --retry-failed}. A missing
     * file is an empty log. Later lines for a seq replace earlier ones (a retried job).
     *
     * @throws UsageException if the file is not in the joblog format, naming the file and line
     */
    public static Map<Long, Entry> read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UsageException("--joblog: cannot read '" + RawArgs.fromPlatform(path.toString()) + "': "
                    + IoReason.of(e), e);
        }
        Map<Long, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.equals(HEADER)) {
                continue;
            }
            if (i == 0) {
                throw badLine(path, 1, "the header is not '" + HEADER.replace("\t", "\\t") + "'");
            }
            String[] f = line.split("\t", 9);
            if (f.length < 9) {
                throw badLine(path, i + 1, "it has " + f.length + " tab-separated fields, not 9");
            }
            try {
                long seq = Long.parseLong(f[0]);
                Double.parseDouble(f[2]);
                Double.parseDouble(f[3].trim());
                entries.put(seq, new Entry(seq, Integer.parseInt(f[6]), Integer.parseInt(f[7]), f[8]));
            } catch (NumberFormatException e) {
                throw badLine(path, i + 1, "a number field is not a number (" + e.getMessage() + ")");
            }
        }
        return entries;
    }

    private static UsageException badLine(Path path, int line, String why) {
        return new UsageException("--joblog: " + RawArgs.fromPlatform(path.toString()) + " line " + line
                + " is not in GNU parallel's joblog format: " + why);
    }
}
