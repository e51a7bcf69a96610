package dev.spool.cli.job;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads records lazily from a byte stream: each record is the bytes up to the next delimiter, without it,
 * as an ISO-8859-1 string. A last record without a delimiter is returned; a stream that ends right after a
 * delimiter has no extra empty record (Perl's {@code readline} + {@code chomp}). Memory is bounded by the
 * longest record, and a record may be at most {@link #MAX_RECORD_BYTES} long: an input with a longer one
 * (such as {@code /dev/zero}, one endless record) is refused.
 *
 * <p>Not thread-safe: one thread iterates. Read errors and a record over the limit surface as
 * {@link JobSpecException} from {@link #hasNext()}, naming the source.
 */
public final class RecordReader implements Iterator<String>, Closeable {

    /*
     * Implementation notes. GNU parallel has no limit on a record; it reads lazily too, so an endless
     * record exhausts its memory. Spool stops at 64 MiB: no job can take a record that long anyway (Linux
     * limits one argument to 128 KiB and all of them to ARG_MAX, 2 MiB by default), while a record used
     * only through --colsep columns or not at all still has room. The buffer doubles up to the limit, so
     * reading at most costs 1.5 times it.
     */

    /** The longest record read, in bytes, without its delimiter. */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    private static final String MAX_RECORD_TEXT = "64 MiB";
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final boolean closeAtEnd;
    private final String source;
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
     * @param source     what the stream is, for messages: {@code input file 'x'}, {@code standard input}
     */
    public RecordReader(InputStream in, RecordDelimiter delimiter, boolean closeAtEnd, String source) {
        this.in = in;
        this.closeAtEnd = closeAtEnd;
        this.source = source;
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
            if (record.length >= MAX_RECORD_BYTES + delimiter.length) {
                eof = true;
                closeQuietly();
                throw new JobSpecException(source + ": a record is longer than spool's limit of " + MAX_RECORD_TEXT);
            }
            record = Arrays.copyOf(record, Math.min(record.length * 2, MAX_RECORD_BYTES + delimiter.length));
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
            throw new JobSpecException(source + ": cannot read: " + IoReason.of(e), e);
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
