package dev.spool.cli.pipe;

import java.nio.file.Path;

/**
 * How a {@code --pipe} job gets its input: on its stdin (the default), in a temporary file ({@code --cat})
 * or through a named pipe ({@code --fifo}), whose name is the job's {@code {}}.
 *
 * @param input the header and block
 * @param delivery the way
 * @param file the temporary file or named pipe, made before the job starts and removed after it; null for
 *     {@link Delivery#STDIN}
 */
public record PipeFeed(PipeInput input, Delivery delivery, Path file) {

    /** The way a job reads its block. */
    public enum Delivery {
        /** The job's stdin is a pipe that spool writes the block to. */
        STDIN,
        /** {@code --cat}: the block is in a file before the job starts; its stdin is empty. */
        CAT,
        /** {@code --fifo}: spool writes the block into a named pipe that the job opens. */
        FIFO
    }
}
