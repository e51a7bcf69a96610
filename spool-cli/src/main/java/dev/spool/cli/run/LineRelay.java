package dev.spool.cli.run;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --line-buffer}: copies a job's pipe to spool's stdout or stderr whole lines at a time, so lines of
 * different jobs never mix (jobs may interleave line by line), as GNU parallel does. A last line without a
 * newline is written when the pipe ends. Counts the bytes relayed (GNU parallel's Receive column: both
 * streams).
 *
 * <p>Memory is bounded whatever the job writes. A line up to {@value #MAX_LINE} bytes is kept whole; a
 * longer one is written through in pieces of that size, so other jobs' lines may appear between its
 * pieces (shorter lines are never split). Per stream, a relay holds a line buffer of {@value #READ_CHUNK}
 * bytes that doubles only while a line is longer, up to {@value #MAX_LINE}; with {@code --tag} a
 * {@value LinePrefixingOutputStream#STAGE}-byte stage; and a batch of lines on their way out of
 * {@value #BATCH_LIMIT} bytes that grows to carry one long line. So a running job's two relays hold at
 * most about 4.3 MiB (2 x (2 x {@value #MAX_LINE} + 2 x 64 KiB)), and 256-384 KiB with ordinary lines.
 */
final class LineRelay {

    /*
     * Implementation notes.
     *
     * One platform thread per stream of a running job reads its pipe into `buffer` (bytes [0, filled)
     * pending). After each read, everything up to the last newline goes out at once: copied (with the
     * --tag prefix before each line) into the relay's batch, which is written in one write under the
     * output stream's monitor whenever it passes BATCH_LIMIT at a line end, and at the end of the chunk.
     * The partial line left is moved to the front of the buffer. A buffer full of one partial line
     * doubles up to MAX_LINE; at MAX_LINE it is written through as a piece and the line continues
     * unprefixed (LinePrefixingOutputStream keeps the line-start state across writes). Scanning starts
     * at the bytes just read, so a long line costs linear time.
     *
     * All writes to STDOUT or STDERR by relays hold that stream's monitor; a write is never held open
     * across a read of a pipe, so one stalled job cannot block another job's output.
     */

    /** Spool's two outputs; a batch of lines is written under the stream's monitor, in one write. */
    static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);
    static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    /** Bytes read from a pipe at once, and the buffer's first size. */
    static final int READ_CHUNK = 1 << 16;
    /** The longest line kept whole; longer lines are written in pieces of this size. */
    static final int MAX_LINE = 1 << 20;
    /** A batch of complete lines is written out once it holds this many bytes. */
    static final int BATCH_LIMIT = 1 << 16;

    private final InputStream from;
    private final OutputStream to;
    private final AtomicLong received;
    private final Batch batch;
    /** Where lines go: the batch, with the tag's prefix before each line when tagging. */
    private final OutputStream lines;
    private byte[] buffer = new byte[READ_CHUNK];
    private int filled;

    private final Runnable onOutputClosed;

    private LineRelay(InputStream from, OutputStream to, String tag, AtomicLong received, Runnable onOutputClosed) {
        this.onOutputClosed = onOutputClosed;
        this.from = from;
        this.to = to;
        this.received = received;
        this.batch = new Batch(to);
        this.lines = tag == null ? batch
                : new LinePrefixingOutputStream(batch, (tag + "\t").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Starts a thread that relays {@code from} to {@code to}, each line prefixed by {@code tag} if not null;
     * {@code onOutputClosed} runs, on that thread, if {@code to} is a pipe whose reader has gone.
     */
    static Thread start(String name, InputStream from, OutputStream to, String tag, AtomicLong received,
                        Runnable onOutputClosed) {
        LineRelay relay = new LineRelay(from, to, tag, received, onOutputClosed);
        return Thread.ofPlatform().daemon().name(name).start(relay::relay);
    }

    private void relay() {
        try (from) {
            int n;
            while ((n = from.read(buffer, filled, buffer.length - filled)) > 0) {
                received.addAndGet(n);
                int scanned = filled;
                filled += n;
                int lastNewline = lastNewline(scanned, filled);
                if (lastNewline >= 0) {
                    emit(0, lastNewline + 1);
                    System.arraycopy(buffer, lastNewline + 1, buffer, 0, filled - lastNewline - 1);
                    filled -= lastNewline + 1;
                } else if (filled == buffer.length) {
                    if (buffer.length < MAX_LINE) {
                        buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_LINE, 2 * buffer.length));
                    } else {
                        emit(0, filled); // a piece of a line too long to keep whole
                        filled = 0;
                    }
                }
            }
            if (filled > 0) {
                emit(0, filled);
            }
        } catch (IOException e) {
            if (dev.spool.cli.StdoutClosed.is(e)) {
                onOutputClosed.run(); // nobody reads spool's output any more (spool ... | head -1)
            }
            // else the job's pipe broke: nothing more to relay
        }
    }

    /** Writes buffer[offset, end) out now, through the prefixing batch. */
    private void emit(int offset, int end) throws IOException {
        lines.write(buffer, offset, end - offset);
        lines.flush(); // through the prefixer's stage, then the batch writes out
    }

    private int lastNewline(int from, int end) {
        for (int i = end - 1; i >= from; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Prefixed lines on their way out; written in one write under the output's monitor. */
    private static final class Batch extends OutputStream {
        private final OutputStream to;
        private byte[] bytes = new byte[BATCH_LIMIT];
        private int count;

        Batch(OutputStream to) {
            this.to = to;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int offset, int length) throws IOException {
            boolean endsLine = length > 0 && b[offset + length - 1] == '\n';
            if (count == 0 && length >= BATCH_LIMIT && endsLine) {
                writeOut(b, offset, length); // whole lines: no copy
                return;
            }
            if (count + length > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(count + length, 2 * bytes.length));
            }
            System.arraycopy(b, offset, bytes, count, length);
            count += length;
            if (count >= BATCH_LIMIT && endsLine) {
                writeOut();
            }
        }

        /** Writes out what the batch holds. */
        @Override
        public void flush() throws IOException {
            writeOut();
        }

        private void writeOut() throws IOException {
            if (count > 0) {
                writeOut(bytes, 0, count);
                count = 0;
            }
        }

        private void writeOut(byte[] b, int offset, int length) throws IOException {
            synchronized (to) {
                to.write(b, offset, length);
            }
        }
    }
}
