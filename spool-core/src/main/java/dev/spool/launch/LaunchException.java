package dev.spool.launch;

import java.io.IOException;

/**
 * A job could not be started: the command was not found or not executable, a redirect file or the
 * working directory could not be opened, or the system ran out of processes, memory or descriptors.
 * Nothing is left running and no descriptor leaks when this is thrown.
 */
public final class LaunchException extends IOException {

    private final String command;
    private final int errno;
    private final Cause failure;

    /** What went wrong, as far as the launcher can tell. */
    public enum Cause {
        /** The command does not exist ({@code ENOENT} on the command): a shell reports exit 127. */
        COMMAND_NOT_FOUND(127),
        /** The command exists but cannot be executed ({@code EACCES}, {@code ENOEXEC}...): a shell reports 126. */
        COMMAND_NOT_EXECUTABLE(126),
        /** The working directory or a redirect file could not be used. */
        SETUP_FAILED(126),
        /** The system refused to create the process or a pipe ({@code EAGAIN}, {@code ENOMEM}, {@code EMFILE}...). */
        SYSTEM(126);

        private final int shellStatus;

        Cause(int shellStatus) {
            this.shellStatus = shellStatus;
        }

        /** The exit status a shell would report for this failure. */
        public int shellStatus() {
            return shellStatus;
        }
    }

    LaunchException(String command, int errno, Cause failure, String detail) {
        super("cannot run '" + command + "': " + detail + ": " + Libc.describe(errno));
        this.command = command;
        this.errno = errno;
        this.failure = failure;
    }

    /** {@code argv[0]} of the job that failed to start. */
    public String command() {
        return command;
    }

    /** The C error number ({@code ENOENT} is 2). */
    public int errno() {
        return errno;
    }

    /** What went wrong. */
    public Cause failure() {
        return failure;
    }

    /** Whether the command does not exist: the case a shell reports as exit 127. */
    public boolean isCommandNotFound() {
        return failure == Cause.COMMAND_NOT_FOUND;
    }
}
