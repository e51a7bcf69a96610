package dev.spool.launch;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to launch: the argument vector as byte strings (so that any bytes, valid in no charset, reach the
 * job exactly), the environment, an optional working directory and the three standard streams. Immutable
 * and validated on construction; build one with {@link #builder}.
 *
 * <p>{@code argv[0]} is the command: if it holds no '/', it is looked up on the JVM's {@code PATH} (as
 * {@code execvp} does); otherwise it is a path, resolved relative to the job's working directory.
 *
 * @param argv        the argument vector, at least one element, none containing a NUL byte
 * @param environment the job's environment
 * @param directory   the job's working directory, or empty for the JVM's
 * @param stdin       fd 0: {@link Redirect.Inherit}, {@link Redirect.Null}, {@link Redirect.FromFile},
 *                    {@link Redirect.Fd} or {@link Redirect.Pipe}
 * @param stdout      fd 1: anything but {@link Redirect.FromFile}
 * @param stderr      fd 2: anything but {@link Redirect.FromFile}
 */
public record JobSpec(List<byte[]> argv, JobEnvironment environment, Optional<Path> directory,
                      Redirect stdin, Redirect stdout, Redirect stderr) {

    /** Validates and copies; throws {@link IllegalArgumentException} naming the bad value. */
    public JobSpec {
        Objects.requireNonNull(argv, "argv");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least the command");
        }
        List<byte[]> copy = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            byte[] arg = Objects.requireNonNull(argv.get(i), "argv[" + i + "]");
            if (EnvEntries.indexOf(arg, (byte) 0) >= 0) {
                throw new IllegalArgumentException("argv[" + i + "] contains a NUL byte: \""
                        + new String(arg, StandardCharsets.ISO_8859_1).replace("\0", "\\0") + "\"");
            }
            copy.add(arg.clone());
        }
        if (copy.get(0).length == 0) {
            throw new IllegalArgumentException("argv[0] (the command) is empty");
        }
        argv = List.copyOf(copy);
        if (stdout instanceof Redirect.FromFile || stderr instanceof Redirect.FromFile) {
            throw new IllegalArgumentException("stdout and stderr cannot read from a file: "
                    + (stdout instanceof Redirect.FromFile ? stdout : stderr));
        }
        if (stdin instanceof Redirect.ToFile) {
            throw new IllegalArgumentException("stdin cannot write to a file: " + stdin);
        }
    }

    /** The argument vector as copies of its byte strings. */
    @Override
    public List<byte[]> argv() {
        return argv.stream().map(byte[]::clone).toList();
    }

    /** The argument vector itself, not copied: for the launcher, which only reads it. */
    List<byte[]> argvShared() {
        return argv;
    }

    /** {@code argv[0]} decoded leniently, for messages. */
    public String command() {
        return new String(argv.get(0), nativeCharset());
    }

    /** A builder for {@code argv}, inheriting everything else until told otherwise. */
    public static Builder builder(List<byte[]> argv) {
        return new Builder(argv);
    }

    /** A builder for {@code argv}, each string encoded in the platform's native charset. */
    public static Builder builder(String... argv) {
        Charset cs = nativeCharset();
        List<byte[]> bytes = new ArrayList<>(argv.length);
        for (String a : argv) {
            bytes.add(a.getBytes(cs));
        }
        return new Builder(bytes);
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        return new Builder(argv).environment(environment).directory(directory.orElse(null))
                .stdin(stdin).stdout(stdout).stderr(stderr);
    }

    /** The charset the JVM uses for file names and arguments ({@code sun.jnu.encoding}). */
    static Charset nativeCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** Builds a {@link JobSpec}; defaults: inherited environment and directory, all streams inherited. */
    public static final class Builder {
        private final List<byte[]> argv;
        private JobEnvironment environment = JobEnvironment.inherit();
        private Path directory;
        private Redirect stdin = Redirect.INHERIT;
        private Redirect stdout = Redirect.INHERIT;
        private Redirect stderr = Redirect.INHERIT;

        private Builder(List<byte[]> argv) {
            this.argv = List.copyOf(argv);
        }

        public Builder environment(JobEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Sets one variable on top of the environment chosen so far. */
        public Builder env(String name, String value) {
            this.environment = environment.with(name, value);
            return this;
        }

        /** The working directory, or null for the JVM's. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Builder stdin(Redirect stdin) {
            this.stdin = stdin;
            return this;
        }

        public Builder stdout(Redirect stdout) {
            this.stdout = stdout;
            return this;
        }

        public Builder stderr(Redirect stderr) {
            this.stderr = stderr;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad value */
        public JobSpec build() {
            return new JobSpec(argv, environment, Optional.ofNullable(directory), stdin, stdout, stderr);
        }
    }
}
