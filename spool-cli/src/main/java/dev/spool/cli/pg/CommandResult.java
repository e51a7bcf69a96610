package dev.spool.cli.pg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What one attempt of a command-line job did, as a worker records it in the job's {@code result} column
 * (after a failed attempt too): enough for {@code --wait} to print the output and for a GNU parallel
 * joblog line.
 *
 * @param host the worker's host name
 * @param startEpochSeconds when the attempt started
 * @param runtimeSeconds how long it ran
 * @param exitValue its exit code; -1 if it timed out, 0 if a signal killed it (GNU parallel's joblog)
 * @param signal the signal that killed it, or 0
 * @param timedOut whether it was killed for running past its {@code --timeout}
 * @param stdoutSize how many bytes it wrote to stdout (the joblog's Receive); more than {@code stdout}
 *     holds if only the tail was kept
 * @param stdout its stdout, or the last {@link CommandJobTask#KEPT_OUTPUT} bytes of it
 * @param stderrSize how many bytes it wrote to stderr
 * @param stderr its stderr, or its tail
 */
record CommandResult(String host, double startEpochSeconds, double runtimeSeconds, int exitValue, int signal,
                     boolean timedOut, long stdoutSize, byte[] stdout, long stderrSize, byte[] stderr) {

    private static final int FORMAT = 1;

    boolean succeeded() {
        return exitValue == 0 && signal == 0 && !timedOut;
    }

    /** The status a shell would report: the exit code, or 128 + the signal. */
    int shellStatus() {
        return signal != 0 ? 128 + signal : exitValue;
    }

    /** How a failed attempt ended, for the job's error: {@code exit 3}, {@code killed by signal 9}, ... */
    String summary() {
        if (timedOut) {
            return String.format(Locale.ROOT, "timed out after %.3f s", runtimeSeconds);
        }
        return signal != 0 ? "killed by signal " + signal : "exit " + exitValue;
    }

    byte[] encode() {
        var bytes = new ByteArrayOutputStream(64 + stdout.length + stderr.length);
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            QueuedCommand.writeText(out, host);
            out.writeDouble(startEpochSeconds);
            out.writeDouble(runtimeSeconds);
            out.writeInt(exitValue);
            out.writeInt(signal);
            out.writeBoolean(timedOut);
            out.writeLong(stdoutSize);
            out.writeInt(stdout.length);
            out.write(stdout);
            out.writeLong(stderrSize);
            out.writeInt(stderr.length);
            out.write(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory only
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a result made by {@link #encode()}.
     *
     * @throws IOException if the bytes are not such a result
     */
    static CommandResult decode(byte[] result) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(result))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("unknown result format " + format);
            }
            String host = QueuedCommand.readText(in);
            double start = in.readDouble();
            double runtime = in.readDouble();
            int exit = in.readInt();
            int signal = in.readInt();
            boolean timedOut = in.readBoolean();
            long stdoutSize = in.readLong();
            byte[] stdout = readBytes(in);
            long stderrSize = in.readLong();
            byte[] stderr = readBytes(in);
            return new CommandResult(host, start, runtime, exit, signal, timedOut, stdoutSize, stdout, stderrSize,
                    stderr);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad output length " + length);
        }
        return in.readNBytes(length);
    }
}
