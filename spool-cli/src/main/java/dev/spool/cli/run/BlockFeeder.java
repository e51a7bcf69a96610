package dev.spool.cli.run;

import dev.spool.cli.pipe.PipeFeed;
import dev.spool.launch.JobStdin;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.NamedPipes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Feeds a {@code --pipe} job its block: into its stdin pipe, or through its named pipe ({@code --fifo}), on
 * a thread of its own while the job's worker waits for the job (so {@code --timeout} and stops apply as to
 * any job); or into its temporary file before it starts ({@code --cat}). A job that exits without reading
 * its whole block breaks the pipe: the rest is dropped, as GNU parallel drops it, and the job's exit status
 * says what happened.
 */
final class BlockFeeder {

    private BlockFeeder() {}

    /** Before the job starts: writes the {@code --cat} file, or makes the {@code --fifo} named pipe. */
    static void prepare(PipeFeed feed) throws IOException {
        if (feed.delivery() == PipeFeed.Delivery.CAT) {
            try (FileChannel out = FileChannel.open(feed.file(), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                feed.input().writeTo(out);
            }
        } else if (feed.delivery() == PipeFeed.Delivery.FIFO) {
            NamedPipes.create(feed.file());
        }
    }

    /** Starts writing the block to {@code job}: its stdin, or the named pipe. */
    static Thread start(String name, PipeFeed feed, LaunchedJob job) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                if (feed.delivery() == PipeFeed.Delivery.STDIN) {
                    try (JobStdin stdin = job.stdinChannel()) {
                        feed.input().writeTo(stdin);
                    }
                } else {
                    try (FileChannel fifo = FileChannel.open(feed.file(), StandardOpenOption.WRITE)) {
                        feed.input().writeTo(fifo);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the job closed its end without reading everything: the rest is dropped
            }
        });
    }

    /**
     * After the job ended: waits for the writer (a named pipe the job never opened is opened here, which
     * lets the writer on, into a pipe that no one reads), and removes the file or named pipe.
     */
    static void finish(Thread feeder, PipeFeed feed) throws InterruptedException, IOException {
        if (feeder != null) {
            if (feed.delivery() == PipeFeed.Delivery.FIFO) {
                feeder.join(50);
                if (feeder.isAlive()) {
                    Thread.ofPlatform().daemon().start(() -> {
                        try (FileChannel unblock = FileChannel.open(feed.file(), StandardOpenOption.READ)) {
                            // opened and closed: the writer's open returns, its write fails
                        } catch (IOException ignored) {
                            // it went away meanwhile
                        }
                    });
                }
            }
            feeder.join();
        }
        if (feed.file() != null) {
            Files.deleteIfExists(feed.file());
        }
    }
}
