package dev.spool.cli.pipe;

import dev.spool.cli.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seekable file cut into parts for {@code --pipepart}, where GNU parallel's {@code find_split_positions}
 * cuts it: from each multiple of the block size on, at the first record end followed by a record start, so
 * that a part is at least a block long and ends on a record boundary. Only the bytes around each cut are
 * read; the jobs get their parts from the page cache ({@link PipeInput.FilePart}).
 */
public final class FileParts {

    /** How much GNU parallel reads at a time when it looks for a record end. */
    private static final int SEARCH_CHUNK = 131072;

    private FileParts() {}

    /**
     * The parts of {@code file}.
     *
     * @param blockSize the block size; negative: {@code -N} blocks for each of {@code slots} job slots
     * @param headerRegex as for {@link StdinBlocks}, or null
     */
    public static List<PipeInput.FilePart> of(Path file, String displayName, long blockSize, int slots, Records records,
                                              String headerRegex) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--pipepart only works on seekable files, not streams/pipes. " + displayName
                    + " is not a seekable file.");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (blockSize < 0) {
                blockSize = 1 + size / slots / -blockSize;
            }
            byte[] header = header(channel, blockSize, headerRegex);
            List<Long> positions = positions(channel, size, blockSize, header.length, records);
            List<PipeInput.FilePart> parts = new ArrayList<>(positions.size());
            for (int i = 0; i + 1 < positions.size(); i++) {
                parts.add(new PipeInput.FilePart(header, file, positions.get(i), positions.get(i + 1) - positions.get(i)));
            }
            return parts;
        } catch (IOException e) {
            throw new UsageException("--pipepart: cannot read " + displayName + ": " + e.getMessage(), e);
        }
    }

    private static byte[] header(FileChannel channel, long blockSize, String headerRegex) throws IOException {
        if (headerRegex == null) {
            return new byte[0];
        }
        String regex = headerRegex.equals(":") ? "(.*\n)"
                : headerRegex.matches("[0-9]+") ? "(.*\n)".repeat(Integer.parseInt(headerRegex)) : headerRegex;
        Pattern pattern = Pattern.compile("(" + regex + ")", Pattern.UNIX_LINES);
        StringBuilder read = new StringBuilder();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(blockSize, 1 << 24));
        long at = 0;
        while (true) {
            chunk.clear();
            int n = channel.read(chunk, at);
            if (n <= 0) {
                return new byte[0];
            }
            at += n;
            read.append(new String(chunk.array(), 0, n, StandardCharsets.ISO_8859_1));
            Matcher m = pattern.matcher(read);
            if (m.lookingAt()) {
                return read.substring(0, m.end(1)).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static List<Long> positions(FileChannel channel, long size, long block, long skip, Records records)
            throws IOException {
        List<Long> positions = new ArrayList<>();
        positions.add(skip);
        byte[] separator = (records.recend() + records.recstart()).getBytes(StandardCharsets.ISO_8859_1);
        Pattern regexp = records.regexp()
                ? Pattern.compile("^((?s:.)*" + records.recend() + ")" + records.recstart(), Pattern.UNIX_LINES) : null;
        for (long pos = block + skip; pos < size; pos += block) {
            if (!records.regexp() && separator.length == 0) {
                positions.add(pos); // records end anywhere
                continue;
            }
            ByteBuffer buf = ByteBuffer.allocate(SEARCH_CHUNK);
            long at = pos;
            int searched = 0;
            while (true) {
                if (!buf.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
                int n = channel.read(buf.slice(buf.position(), Math.min(SEARCH_CHUNK, buf.remaining())), at);
                if (n <= 0) {
                    break; // no record end after pos: the last part runs to the end
                }
                buf.position(buf.position() + n);
                at += n;
                int found = -1;
                if (regexp != null) {
                    Matcher m = regexp.matcher(new RecordCutter.Latin1Chars(buf, 0, buf.position()));
                    if (m.find()) {
                        found = m.end(1);
                    }
                } else {
                    int i = Records.indexOf(buf, buf.position(), separator, Math.max(0, searched - separator.length));
                    searched = buf.position();
                    if (i >= 0) {
                        found = i + records.recend().length();
                    }
                }
                if (found >= 0) {
                    pos += found;
                    positions.add(pos);
                    break;
                }
            }
        }
        if (positions.getLast() != size) {
            positions.add(size);
        }
        return positions;
    }
}
