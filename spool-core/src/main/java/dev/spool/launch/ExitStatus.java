package dev.spool.launch;

/**
 * How a job's process ended: it exited with a code, or a signal killed it.
 */
public sealed interface ExitStatus {

    /** The shell's {@code $?}: the exit code, or 128 plus the signal number. */
    int code();

    /** Whether the job exited with code 0. */
    default boolean succeeded() {
        return this instanceof Exited(int c) && c == 0;
    }

    /** The process called {@code exit(code)} (0..255). */
    record Exited(int exitCode) implements ExitStatus {
        public Exited {
            if (exitCode < 0 || exitCode > 255) {
                throw new IllegalArgumentException("exit code must be 0..255, got " + exitCode);
            }
        }

        @Override
        public int code() {
            return exitCode;
        }

        @Override
        public String toString() {
            return "exited " + exitCode;
        }
    }

    /** A signal ended the process; {@code coreDumped} if it left a core file. */
    record Killed(int signal, boolean coreDumped) implements ExitStatus {
        public Killed {
            if (signal < 1 || signal > 64) {
                throw new IllegalArgumentException("signal must be 1..64, got " + signal);
            }
        }

        @Override
        public int code() {
            return 128 + signal;
        }

        @Override
        public String toString() {
            return "killed by SIG" + SignalNames.name(signal) + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** Decodes a {@code waitpid} status word (an exited or signalled process; stops are never asked for). */
    static ExitStatus fromWaitStatus(int status) {
        int low = status & 0x7f;
        if (low == 0) {
            return new Exited((status >> 8) & 0xff);
        }
        if (low != 0x7f) {
            return new Killed(low, (status & 0x80) != 0);
        }
        throw new IllegalStateException("unexpected waitpid status 0x" + Integer.toHexString(status));
    }
}
