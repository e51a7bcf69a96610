package dev.spool.launch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * The parent's end of a job's stdin pipe ({@link Redirect#PIPE}) as a channel, for feeding a job large
 * amounts of data: a direct buffer is written to the pipe straight from its memory, and a range of a file
 * goes from the page cache to the pipe with {@code sendfile(2)}, without passing through user space. One
 * writer thread at a time; {@link #close} (which gives the job end-of-file) from any thread. A write after
 * the job closed its end fails with an {@link IOException} ({@code EPIPE}); the JVM does not die of SIGPIPE.
 */
public sealed interface JobStdin extends WritableByteChannel permits FdOutputStream {

    /**
     * Writes every remaining byte of {@code src} (a direct buffer without a copy; a heap buffer through a
     * native one), advancing its position.
     *
     * @return the number of bytes written: all that remained
     * @throws IOException if the pipe is closed or broken (the job exited without reading it all)
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes {@code count} bytes of {@code file}, from byte {@code position}, with {@code sendfile(2)}.
     *
     * @return the bytes written: {@code count}, or fewer if the file ends first
     * @throws IOException if the file cannot be opened, or the pipe is closed or broken
     */
    long sendFile(Path file, long position, long count) throws IOException;
}
