package dev.spool.cli.job;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads records lazily from a byte stream: each record is the bytes up to the next delimiter, without it,
 * as an ISO-8859-1 string. A last record without a delimiter is returned; a stream that ends right after a
 * delimiter has no extra empty record (Perl's {@code readline} + {@code chomp}). Memory is bounded by the
 * longest record.
 *
 * <p>Not thread-safe: one thread iterates. Read errors surface as {@link UncheckedIOException} from
 * {@link #hasNext()}.
 */
public final class RecordReader implements Iterator<String>, Closeable {

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final boolean closeAtEnd;
    private final byte[] delimiter;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkLen;
    private byte[] record = new byte[256];
    private int recordLen;
    private String next;
    private boolean eof;

    /**
     * @param in         the stream, read from its current position
     * @param delimiter  what ends a record
     * @param closeAtEnd whether to close {@code in} at end of input (false for the process's stdin)
     */
    public RecordReader(InputStream in, RecordDelimiter delimiter, boolean closeAtEnd) {
        this.in = in;
        this.closeAtEnd = closeAtEnd;
        this.delimiter = delimiter.bytes().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !eof) {
            next = readRecord();
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String r = next;
        next = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        eof = true;
        if (closeAtEnd) {
            in.close();
        }
    }

    private String readRecord() {
        byte last = delimiter[delimiter.length - 1];
        recordLen = 0;
        while (true) {
            if (chunkPos == chunkLen && !fill()) {
                eof = true;
                closeQuietly();
                return recordLen == 0 ? null : new String(record, 0, recordLen, StandardCharsets.ISO_8859_1);
            }
            byte b = chunk[chunkPos++];
            append(b);
            if (b == last && endsWithDelimiter()) {
                return new String(record, 0, recordLen - delimiter.length, StandardCharsets.ISO_8859_1);
            }
        }
    }

    private boolean endsWithDelimiter() {
        int n = delimiter.length;
        return recordLen >= n && Arrays.equals(record, recordLen - n, recordLen, delimiter, 0, n);
    }

    private void append(byte b) {
        if (recordLen == record.length) {
            record = Arrays.copyOf(record, record.length * 2);
        }
        record[recordLen++] = b;
    }

    private boolean fill() {
        try {
            int n = in.read(chunk, 0, chunk.length);
            chunkPos = 0;
            chunkLen = Math.max(n, 0);
            return n > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        if (closeAtEnd) {
            try {
                in.close();
            } catch (IOException ignored) {
                // End of input already reached; nothing more to read or lose.
            }
        }
    }
}
