package dev.spool.cli.pipe;

import dev.spool.launch.JobStdin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What one {@code --pipe} job reads: the header, if any, then its block. */
public sealed interface PipeInput permits PipeInput.Block, PipeInput.FilePart, PipeInput.Copied, BlockDealer.Dealt,
        BlockTee.Teed {

    /** Writes the header and the block to {@code out}; a job's stdin gets them without a copy. */
    void writeTo(WritableByteChannel out) throws IOException;

    /** The bytes it holds, header included: the joblog's Send column. */
    long size();

    /** Lets go of the block's memory; once, after the last attempt of its job. */
    void release();

    /**
     * A block of stdin in a shared buffer.
     *
     * @param header the {@code --header} bytes, written first (empty for none)
     */
    record Block(byte[] header, BlockBuffers.Buffer buffer, int offset, int length) implements PipeInput {
        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            writeTo(out, true);
        }

        /** Writes the block, after the header if {@code withHeader}. */
        void writeTo(WritableByteChannel out, boolean withHeader) throws IOException {
            if (withHeader) {
                writeAll(header, out);
            }
            ByteBuffer data = buffer.memory().slice(offset, length);
            while (data.hasRemaining()) {
                out.write(data);
            }
        }

        @Override
        public long size() {
            return (long) header.length + length;
        }

        @Override
        public void release() {
            buffer.release();
        }
    }

    /** A part of a seekable file ({@code --pipepart}): bytes {@code [offset, offset + length)}. */
    record FilePart(byte[] header, Path file, long offset, long length) implements PipeInput {
        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            writeAll(header, out);
            if (out instanceof JobStdin stdin) {
                stdin.sendFile(file, offset, length); // page cache to pipe
                return;
            }
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long done = 0;
                while (done < length) {
                    long n = in.transferTo(offset + done, length - done, out);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
            }
        }

        @Override
        public long size() {
            return header.length + length;
        }

        @Override
        public void release() {
            // nothing held
        }
    }

    /**
     * {@code input} with its record separators removed ({@code --rrs}): a copy, taken now; {@code input}'s
     * memory is released at once.
     */
    static PipeInput withoutSeparators(PipeInput input, Records records) {
        byte[] header = switch (input) {
            case Block b -> b.header();
            case FilePart f -> f.header();
            case Copied c -> c.header();
            case BlockDealer.Dealt d -> throw new IllegalArgumentException("--rrs with --round-robin");
            case BlockTee.Teed t -> throw new IllegalArgumentException("--rrs with --tee");
        };
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try {
            input.writeTo(java.nio.channels.Channels.newChannel(all));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            input.release();
        }
        byte[] bytes = all.toByteArray();
        String block = new String(bytes, header.length, bytes.length - header.length,
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return new Copied(header, records.removeSeparators(block).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** A header and a block of its own (after {@link #withoutSeparators}). */
    record Copied(byte[] header, byte[] block) implements PipeInput {
        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            writeAll(header, out);
            writeAll(block, out);
        }

        @Override
        public long size() {
            return (long) header.length + block.length;
        }

        @Override
        public void release() {
            // garbage collected
        }
    }

    private static void writeAll(byte[] bytes, WritableByteChannel out) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
