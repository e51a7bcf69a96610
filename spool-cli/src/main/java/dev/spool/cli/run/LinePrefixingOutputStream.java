package dev.spool.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes bytes on to another stream with a prefix before every line ({@code --tag}): the prefix is written
 * when the first byte of a line arrives, so a last line without a newline is prefixed too and a trailing
 * newline adds no dangling prefix. Lines may arrive in any number of pieces; memory does not depend on
 * their length: bytes are staged in a {@value #STAGE}-byte buffer and passed on in writes of about that
 * size (a piece may end anywhere in a line), and at {@link #flush()}. Not thread-safe: one writer.
 */
public final class LinePrefixingOutputStream extends OutputStream {

    /** Bytes staged before they are passed on: many short lines cost one write downstream. */
    static final int STAGE = 1 << 16;

    private final OutputStream out;
    private final byte[] prefix;
    private final byte[] staged = new byte[STAGE];
    private int count;
    /** Whether the next byte starts a line. */
    private boolean atLineStart = true;

    /**
     * @param out where the prefixed bytes go (not closed by {@link #close()})
     * @param prefix written before each line
     */
    public LinePrefixingOutputStream(OutputStream out, byte[] prefix) {
        this.out = out;
        this.prefix = prefix.clone();
    }

    /**
     * Writes a whole output to {@code to}, each line after {@code prefix} (ISO-8859-1: a job's bytes as they
     * are), or as it is if {@code prefix} is null. Nothing for an empty output.
     */
    public static void writeTagged(byte[] bytes, OutputStream to, String prefix) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        if (prefix == null) {
            to.write(bytes);
            return;
        }
        try (var tagged = new LinePrefixingOutputStream(to, prefix.getBytes(StandardCharsets.ISO_8859_1))) {
            tagged.write(bytes);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        int from = offset;
        int end = offset + length;
        while (from < end) {
            if (atLineStart) {
                stage(prefix, 0, prefix.length);
                atLineStart = false;
            }
            int newline = indexOfNewline(bytes, from, end);
            if (newline < 0) {
                stage(bytes, from, end - from);
                return;
            }
            stage(bytes, from, newline + 1 - from);
            from = newline + 1;
            atLineStart = true;
        }
    }

    /** Passes on what is staged, then flushes the underlying stream. */
    @Override
    public void flush() throws IOException {
        passOn();
        out.flush();
    }

    /** Flushes; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        flush();
    }

    private void stage(byte[] bytes, int offset, int length) throws IOException {
        if (count + length > staged.length) {
            passOn();
            if (length >= staged.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, staged, count, length);
        count += length;
    }

    private void passOn() throws IOException {
        if (count > 0) {
            out.write(staged, 0, count);
            count = 0;
        }
    }

    private static int indexOfNewline(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
