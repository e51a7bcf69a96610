package dev.spool.cli.pipe;

import dev.spool.cli.UsageException;
import dev.spool.launch.ExitStatus;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNU parallel's {@code --group-by VAL}: stdin passes through {@code perl}, which puts a random record start
 * before each run of lines whose value differs from the line before, so that a record is a group (and
 * {@code -N1} makes one job per group); the record starts are removed from the blocks, as with {@code
 * --rrs}. The value is a column (by number, or by name from the first line, which then becomes the header
 * of every block), a Perl expression on the whole line, or a column and an expression on it. The filter is
 * GNU parallel 20221122's own ({@code group_by_loop}, {@code pipe_group_by_setup}), so values, and so the
 * groups, are the same; its perl runs under the orphan guard like every job, and {@link #close} ends it.
 */
public final class GroupBy implements AutoCloseable {

    /** GNU's column name (or number) and optional expression: a word, then white space or the end. */
    private static final Pattern COLUMN_WORD = Pattern.compile("^[a-z0-9_]+(\\s|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN_PREFIX = Pattern.compile("^[-a-z0-9_]+(\\s|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN_NAME = Pattern.compile("^[a-z_][a-z_0-9]*(\\s|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_PREFIX = Pattern.compile("^(-?\\d+)(\\s|$)");
    private static final Pattern NAME_PREFIX = Pattern.compile("^([a-z0-9_]+)(\\s+|$)", Pattern.CASE_INSENSITIVE);
    private static final String ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final LaunchedJob perl;
    private final String recstart;
    private final byte[] header;
    private final String value;
    private volatile boolean stopped;

    private GroupBy(LaunchedJob perl, String recstart, byte[] header, String value) {
        this.perl = perl;
        this.recstart = recstart;
        this.header = header;
        this.value = value;
    }

    /**
     * Starts the filter on spool's stdin. For a column name, first reads the header line from {@code stdin}
     * (byte by byte, so that the filter reads the rest).
     *
     * @param value the option's value
     * @param colsep {@code --colsep}, or null for a tab, as in GNU parallel
     * @throws UsageException if the column name is not in the header, or perl cannot start
     */
    public static GroupBy start(String value, String colsep, InputStream stdin) {
        String separator = colsep == null ? "\t" : colsep;
        byte[] header = null;
        if (COLUMN_NAME.matcher(value).find()) {
            header = readLine(stdin);
        }
        String expression = value;
        Integer column = null;
        if (COLUMN_PREFIX.matcher(expression).find()) {
            Matcher number = NUMBER_PREFIX.matcher(expression);
            Matcher name = NAME_PREFIX.matcher(expression);
            if (number.find()) {
                column = Integer.parseInt(number.group(1));
                expression = expression.substring(number.end());
            } else if (name.find()) {
                String columnName = name.group(1);
                expression = expression.substring(name.end());
                column = columnIndex(columnName, header == null ? "" : new String(header, StandardCharsets.ISO_8859_1),
                        separator);
            }
        }
        if (column != null && column != 0) {
            column--; // GNU parallel: $F[n] counts from 0
        }
        String recstart = randomRecordStart();
        String loop = ("BEGIN{$last=\"RECSEP\";}{local$_=COLVALUE;PERLEXPR;if(($last)ne$_){print\"RECSEP\";$last=$_;}}")
                .replace("COLVALUE", column == null ? "$_" : "$F[" + column + "]")
                .replace("PERLEXPR", expression)
                .replace("RECSEP", recstart);
        List<String> command = new ArrayList<>(List.of("perl"));
        if (COLUMN_WORD.matcher(value).find()) {
            String sep = separator.replace("\t", "\\t").replace("\"", "\\\"").replace(" ", "\\040{1}");
            command.add("-a");
            command.add("-F" + sep);
        }
        command.add("-pe");
        command.add(loop);
        JobSpec spec = JobSpec.builder(command.toArray(String[]::new))
                .stdin(Redirect.INHERIT).stdout(Redirect.PIPE).stderr(Redirect.INHERIT).build();
        try {
            return new GroupBy(PosixSpawnLauncher.guarded().launch(spec), recstart, header, value);
        } catch (LaunchException e) {
            throw new UsageException("--group-by needs perl, which " + (e.isCommandNotFound() ? "is not on PATH"
                    : "cannot start: " + e.getMessage()) + " (GNU parallel groups lines in perl)", e);
        }
    }

    /** GNU's column_perlexpr: the column named in the header split at {@code --colsep}, from 1. */
    private static int columnIndex(String name, String header, String separator) {
        String[] names = header.split(separator);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i + 1;
            }
        }
        throw new UsageException("--group-by: column '" + name + "' not found in the header (split at '"
                + separator + "'): " + Arrays.stream(names).map(String::strip).toList());
    }

    private static byte[] readLine(InputStream in) {
        var line = new java.io.ByteArrayOutputStream();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                line.write(c);
                if (c == '\n') {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toByteArray();
    }

    private static String randomRecordStart() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            s.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return s.toString();
    }

    /** The filter's output: stdin with the record starts in it. */
    public ReadableByteChannel channel() {
        return Channels.newChannel(perl.stdout());
    }

    /** The record start the filter puts before each group. */
    public String recordStart() {
        return recstart;
    }

    /** The header line read to find a named column, which GNU parallel gives every job; empty otherwise. */
    public Optional<byte[]> header() {
        return Optional.ofNullable(header);
    }

    /** Ends the filter at once (the run is stopping): a reader of {@link #channel()} then sees the end. */
    public void stop() {
        stopped = true;
        perl.signalGroup(9);
    }

    /**
     * Why the filter failed (perl died: a Perl expression that does not compile, for one), or empty if it
     * ended well or was stopped. Waits for it to end; call after its output was read to the end.
     */
    public Optional<String> failure() throws InterruptedException {
        Optional<ExitStatus> ended = perl.waitFor(Duration.ofSeconds(5));
        if (ended.isEmpty()) { // its output was not read to the end: the run ended early
            perl.signalGroup(9);
            return Optional.empty();
        }
        ExitStatus status = ended.get();
        if (stopped || status.code() == 0) {
            return Optional.empty();
        }
        return Optional.of("--group-by '" + value + "': perl failed (" + status + "), so not all of stdin was read");
    }

    @Override
    public void close() {
        if (perl.isAlive()) {
            perl.signalGroup(9);
        }
        try {
            perl.waitFor(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
