package dev.spool.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Starts child JVMs with piped stdin, stdout and stderr. The one place that knows how a child is made, so
 * that moving to the core's posix_spawn launcher (children in the pool's own process group, one signal
 * for all) changes this interface's implementation only.
 */
interface ChildLauncher {

    /**
     * Starts {@code command}.
     *
     * @throws IOException if the program cannot be run (missing, not executable)
     */
    Child launch(List<String> command) throws IOException;

    /** Releases what the launcher holds for its pool; called once every child has ended. */
    default void close() {}

    /** A started child. Thread-safe. */
    interface Child {

        long pid();

        OutputStream stdin();

        InputStream stdout();

        InputStream stderr();

        /** Asks the child to end: SIGTERM. Returns at once. */
        void terminate();

        /** Ends the child now: SIGKILL. Returns at once. */
        void kill();

        boolean isAlive();

        /** Waits at most {@code timeout} for the child to end; true if it has. */
        boolean waitFor(Duration timeout) throws InterruptedException;

        /** The exit status once ended (128 + the signal's number if a signal ended it). */
        OptionalInt exitStatus();
    }
}
