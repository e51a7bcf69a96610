package dev.spool.cli.pg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A command-line job as it waits in the queue: the payload of a {@value #TASK} job. It holds the command
 * already expanded by the enqueuing {@code spool} (its argv byte for byte, or its {@code sh -c} line with
 * every value quoted), so a worker never parses an input value again: what runs is what a local run would
 * have run.
 *
 * @param seq the job's position in its input, from 1 ({@code {#}}, {@code $PARALLEL_SEQ})
 * @param argv the program and its arguments; {@code sh -c LINE} when {@code viaShell}
 * @param viaShell whether the command runs through a shell
 * @param display the command as a shell line (ISO-8859-1 carried): the joblog's Command column
 * @param tag what {@code --tag} puts before each output line (ISO-8859-1 carried)
 * @param timeoutMillis the job's {@code --timeout}, or 0 for none
 * @param termSequence how to kill it ({@code --termseq}), as {@link dev.spool.launch.TermSequence#parse} reads it
 * @param attempts its attempts in all ({@code --retries}; also the job's max attempts in the table)
 */
record QueuedCommand(long seq, List<byte[]> argv, boolean viaShell, String display, String tag, long timeoutMillis,
                     String termSequence, int attempts) {

    /** The task name of command-line jobs in the table: workers of {@code spool worker} claim only these. */
    static final String TASK = "spool-command";

    private static final int FORMAT = 1;

    QueuedCommand {
        argv = List.copyOf(argv);
    }

    byte[] encode() {
        var bytes = new ByteArrayOutputStream(64 + display.length() * 2);
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(seq);
            out.writeInt(argv.size());
            for (byte[] arg : argv) {
                out.writeInt(arg.length);
                out.write(arg);
            }
            out.writeBoolean(viaShell);
            writeText(out, display);
            writeText(out, tag);
            out.writeLong(timeoutMillis);
            writeText(out, termSequence);
            out.writeInt(attempts);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory only
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a payload made by {@link #encode()}.
     *
     * @throws IOException if the bytes are not such a payload (a job not made by {@code spool})
     */
    static QueuedCommand decode(byte[] payload) throws IOException {
        if (payload == null) {
            throw new IOException("the job has no payload: it was not enqueued by spool");
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("unknown payload format " + format + " (enqueued by another spool version?)");
            }
            long seq = in.readLong();
            int n = in.readInt();
            if (n < 1 || n > payload.length) {
                throw new IOException("bad argument count " + n);
            }
            List<byte[]> argv = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int length = in.readInt();
                if (length < 0 || length > payload.length) {
                    throw new IOException("bad argument length " + length);
                }
                argv.add(in.readNBytes(length));
            }
            boolean viaShell = in.readBoolean();
            String display = readText(in);
            String tag = readText(in);
            long timeout = in.readLong();
            String termseq = readText(in);
            int attempts = in.readInt();
            return new QueuedCommand(seq, argv, viaShell, display, tag, timeout, termseq, attempts);
        }
    }

    static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad text length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
