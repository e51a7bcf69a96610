package dev.spool.launch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of a job's standard streams (0, 1 or 2) comes from or goes to. Redirects are applied in the
 * child in the order stdin, stdout, stderr, like a shell's redirections read left to right: so
 * {@code stdout(toFile(p))} with {@code stderr(fd(1))} is the shell's {@code >p 2>&1}.
 */
public sealed interface Redirect {

    /** The job shares the JVM's stream. */
    Inherit INHERIT = new Inherit();
    /** The job's stream is {@code /dev/null}. */
    Null NULL = new Null();
    /** A pipe: the parent gets a stream from {@link LaunchedJob#stdin()}, {@code stdout()} or {@code stderr()}. */
    Pipe PIPE = new Pipe();

    /** For stdin only: the job reads the file {@code path}, opened in the child. */
    static FromFile fromFile(Path path) {
        return new FromFile(path);
    }

    /** For stdout or stderr: the job writes the file {@code path}, created if missing and truncated. */
    static ToFile toFile(Path path) {
        return new ToFile(path, false);
    }

    /** For stdout or stderr: the job appends to the file {@code path}, created if missing. */
    static ToFile appendTo(Path path) {
        return new ToFile(path, true);
    }

    /**
     * The job's stream is a duplicate of file descriptor {@code fd} as it is in the child when this
     * redirect is applied: a descriptor of the JVM (it need not be inheritable), or 0, 1 or 2 after the
     * earlier redirects. The caller keeps ownership of {@code fd}.
     */
    static Fd fd(int fd) {
        return new Fd(fd);
    }

    /** See {@link #INHERIT}. */
    record Inherit() implements Redirect {}

    /** See {@link #NULL}. */
    record Null() implements Redirect {}

    /** See {@link #PIPE}. */
    record Pipe() implements Redirect {}

    /** See {@link #fromFile}. A relative path is resolved against the JVM's working directory. */
    record FromFile(Path path) implements Redirect {
        public FromFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** See {@link #toFile} and {@link #appendTo}. A relative path is resolved against the JVM's working directory. */
    record ToFile(Path path, boolean append) implements Redirect {
        public ToFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** See {@link #fd}. */
    record Fd(int fd) implements Redirect {
        public Fd {
            if (fd < 0) {
                throw new IllegalArgumentException("file descriptor must be >= 0, got " + fd);
            }
        }
    }
}
