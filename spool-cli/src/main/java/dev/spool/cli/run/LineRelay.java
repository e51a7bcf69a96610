package dev.spool.cli.run;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --line-buffer}: copies a job's pipe to spool's stdout or stderr a whole line at a time, so lines
 * of different jobs never mix (jobs may interleave line by line). A last line without a newline is
 * written when the pipe ends. Counts the bytes relayed (GNU parallel's Receive column: both streams).
 */
final class LineRelay {

    /** Spool's two outputs; a line is written under the stream's lock, in one write. */
    static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);
    static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private LineRelay() {}

    /** Starts a thread that relays {@code from} to {@code to}, each line prefixed by {@code tag} if not null. */
    static Thread start(String name, InputStream from, OutputStream to, String tag, AtomicLong received) {
        byte[] prefix = tag == null ? new byte[0] : (tag + "\t").getBytes(StandardCharsets.ISO_8859_1);
        return Thread.ofPlatform().daemon().name(name).start(() -> relay(from, to, prefix, received));
    }

    private static void relay(InputStream from, OutputStream to, byte[] prefix, AtomicLong received) {
        byte[] buffer = new byte[1 << 16];
        byte[] pending = new byte[0];
        try (from) {
            int n;
            while ((n = from.read(buffer)) > 0) {
                received.addAndGet(n);
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        write(to, prefix, pending, buffer, start, i + 1 - start);
                        pending = new byte[0];
                        start = i + 1;
                    }
                }
                if (start < n) {
                    byte[] more = new byte[pending.length + n - start];
                    System.arraycopy(pending, 0, more, 0, pending.length);
                    System.arraycopy(buffer, start, more, pending.length, n - start);
                    pending = more;
                }
            }
            if (pending.length > 0) {
                write(to, prefix, pending, buffer, 0, 0);
            }
        } catch (IOException e) {
            // the job's pipe broke: nothing more to relay
        }
    }

    private static void write(OutputStream to, byte[] prefix, byte[] pending, byte[] tail, int offset, int length)
            throws IOException {
        byte[] line = new byte[prefix.length + pending.length + length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(pending, 0, line, prefix.length, pending.length);
        System.arraycopy(tail, offset, line, prefix.length + pending.length, length);
        synchronized (to) {
            to.write(line);
        }
    }
}
