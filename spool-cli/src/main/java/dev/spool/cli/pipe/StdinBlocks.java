package dev.spool.cli.pipe;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stdin cut into blocks as GNU parallel's {@code --pipe} cuts it ({@code spreadstdin}): read up to the next
 * multiple of {@code --block} bytes, pass what ends on a record boundary (see {@link RecordCutter}), keep
 * the rest for the next read, and pass whatever is left at the end of input. A block with no record end in
 * it grows the block size by 1.3 (with GNU's warning on stderr). Each block is a slice of a buffer from
 * {@link BlockBuffers}: the bytes are read once, into native memory, and written from there to the job;
 * only the partial record at a buffer's end is copied, to the start of the next buffer. Lazy, one reader.
 */
public final class StdinBlocks implements Iterator<PipeInput> {

    /** The largest block, as GNU parallel's: 2 GiB - 1. */
    private static final long TWO_GB = (1L << 31) - 1;

    private final ReadableByteChannel in;
    private final BlockBuffers buffers;
    private final RecordCutter cutter;
    private final String headerRegex;
    private final PrintStream warnings;
    private final ArrayDeque<PipeInput> ready = new ArrayDeque<>();
    private long blockSize;
    private byte[] header;
    /** The buffer being filled, holding {@code length} bytes, or null; the reader's use of it. */
    private BlockBuffers.Buffer current;
    private int length;
    private boolean eof;
    private boolean done;

    /**
     * @param headerRegex GNU's {@code --header}: a regular expression the header matches at the start of
     *     input, ":" for the first line, a number for that many lines; null for none
     */
    public StdinBlocks(ReadableByteChannel in, BlockBuffers buffers, long blockSize, Records records,
                       String headerRegex, PrintStream warnings) {
        this(in, buffers, blockSize, records, headerRegex, null, warnings);
    }

    /**
     * As above, with the header already known ({@code --group-by} a column name): {@code knownHeader},
     * unless null, is every block's header and {@code headerRegex} is not used.
     */
    public StdinBlocks(ReadableByteChannel in, BlockBuffers buffers, long blockSize, Records records,
                       String headerRegex, byte[] knownHeader, PrintStream warnings) {
        this.header = knownHeader;
        this.in = in;
        this.buffers = buffers;
        this.blockSize = Math.min(blockSize, TWO_GB);
        this.cutter = records.cutter();
        this.headerRegex = headerRegex;
        this.warnings = warnings;
    }

    @Override
    public boolean hasNext() {
        try {
            while (ready.isEmpty() && !done) {
                readBlocks();
            }
        } catch (BlockBuffers.ClosedException stopped) {
            done = true;
            dropCurrent();
        } catch (IOException e) {
            dropCurrent();
            throw new UncheckedIOException(e);
        }
        return !ready.isEmpty();
    }

    @Override
    public PipeInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }

    /** One round of GNU's loop: read, cut, keep the rest; at the end of input, pass the rest. */
    private void readBlocks() throws IOException {
        if (header == null) {
            header = readHeader();
        }
        if (eof) {
            if (length > 0) {
                current.retain();
                ready.add(new PipeInput.Block(header, current, 0, length));
            }
            dropCurrent();
            done = true;
            return;
        }
        readBlock();
        int[] last = {0};
        cutter.cut(current.memory(), length, eof, end -> {
            current.retain();
            ready.add(new PipeInput.Block(header, current, last[0], end - last[0]));
            last[0] = end;
        });
        if (last[0] > 0) {
            keepRest(last[0]);
        } else if (!eof && blockSize < TWO_GB) {
            long old = blockSize;
            blockSize = Math.min((long) Math.ceil(blockSize * 1.3 + 1), TWO_GB);
            warnings.println("spool: Warning: A record was longer than " + old + ". Increasing to --blocksize "
                    + blockSize + ".");
        }
    }

    /** GNU's read_block: reads up to the next multiple of the block size, or to the end of input. */
    private void readBlock() throws IOException {
        int want = (int) (blockSize - length % blockSize);
        ensureCapacity(length + want);
        ByteBuffer target = current.memory().slice(length, want);
        int n;
        do {
            n = in.read(target);
            if (n > 0) {
                length += n;
            }
        } while (target.hasRemaining() && n > 0);
        eof = n <= 0;
    }

    /** GNU's find_header: reads until the start of input matches the header, and takes it off. */
    private byte[] readHeader() throws IOException {
        if (headerRegex == null) {
            return new byte[0];
        }
        String regex = headerRegex.equals(":") ? "(.*\n)"
                : headerRegex.matches("[0-9]+") ? "(.*\n)".repeat(Integer.parseInt(headerRegex)) : headerRegex;
        Pattern pattern = Pattern.compile("(" + regex + ")", Pattern.UNIX_LINES);
        while (true) {
            ensureCapacity((int) Math.min(Integer.MAX_VALUE - 8, length + blockSize));
            int n = in.read(current.memory().slice(length, (int) Math.min(blockSize, current.memory().capacity() - length)));
            if (n <= 0) {
                return new byte[0]; // never matched: no header, as in GNU parallel
            }
            length += n;
            Matcher m = pattern.matcher(new RecordCutter.Latin1Chars(current.memory(), 0, length));
            if (m.lookingAt()) {
                int end = m.end(1);
                byte[] h = new byte[end];
                current.memory().get(0, h);
                ByteBuffer memory = current.memory();
                memory.put(0, memory, end, length - end); // once: the input after the header to the start
                length -= end;
                return h;
            }
        }
    }

    /** Makes {@code current} hold at least {@code capacity} bytes, keeping its {@code length} bytes. */
    private void ensureCapacity(int capacity) {
        if (current != null && current.memory().capacity() >= capacity) {
            return;
        }
        BlockBuffers.Buffer bigger = buffers.take(Math.max(capacity, (int) Math.min(blockSize, Integer.MAX_VALUE - 8)));
        if (current != null) {
            bigger.memory().put(0, current.memory(), 0, length);
            current.release();
        }
        current = bigger;
    }

    /** Moves the bytes after {@code cut} (a partial record) to a new buffer; the blocks keep the old one. */
    private void keepRest(int cut) {
        int rest = length - cut;
        BlockBuffers.Buffer old = current;
        current = null;
        length = 0;
        if (rest > 0) {
            ensureCapacity((int) Math.min(Integer.MAX_VALUE - 8, rest + blockSize));
            current.memory().put(0, old.memory(), cut, rest);
            length = rest;
        }
        old.release();
    }

    private void dropCurrent() {
        if (current != null) {
            current.release();
            current = null;
        }
        length = 0;
    }

    /** For tests: the bytes of a block as text. */
    static String text(PipeInput.Block block) {
        byte[] bytes = new byte[block.length()];
        block.buffer().memory().get(block.offset(), bytes);
        return new String(block.header(), StandardCharsets.ISO_8859_1) + new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
