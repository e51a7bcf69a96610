package dev.spool.cli.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * One input source: the values after a {@code :::}, a file after {@code ::::} or {@code -a}, or standard
 * input ({@code -}, or no source at all). A source yields records split by the {@link RecordDelimiter}.
 *
 * <p>{@link #linkedToPrevious()} is true for a source given with {@code :::+} or {@code ::::+}: it is paired
 * with the source before it instead of combined with it.
 */
public sealed interface InputSource {

    /** Whether this source was given with {@code :::+} / {@code ::::+}. */
    boolean linkedToPrevious();

    /**
     * Opens the source for one pass.
     *
     * @param delimiter what ends a record
     * @param stdin     the process's standard input, for {@link Stdin}; never closed here
     * @throws JobSpecException when a file cannot be opened (the message names it)
     */
    Iterator<String> open(RecordDelimiter delimiter, InputStream stdin);

    /**
     * {@code ::: v1 v2 …}. GNU parallel writes these values to a temporary file, each followed by the
     * delimiter, and reads them back: a value that contains the delimiter (a newline, by default) becomes
     * several records. We reproduce that.
     */
    record Values(List<String> values, boolean linkedToPrevious) implements InputSource {
        /** Copies. */
        public Values {
            values = List.copyOf(values);
        }

        @Override
        public Iterator<String> open(RecordDelimiter delimiter, InputStream stdin) {
            return values.stream().flatMap(v -> delimiter.splitAll(v).stream()).iterator();
        }
    }

    /**
     * {@code :::: FILE} or {@code -a FILE}; read lazily.
     *
     * @param name the file's name as given (ISO-8859-1 carried, like every argument), for messages
     */
    record FileSource(Path path, boolean linkedToPrevious, String name) implements InputSource {

        /** A file named in messages by its path. */
        public FileSource(Path path, boolean linkedToPrevious) {
            this(path, linkedToPrevious, path.toString());
        }

        @Override
        public Iterator<String> open(RecordDelimiter delimiter, InputStream stdin) {
            if (name.isEmpty()) {
                throw new JobSpecException("cannot open input file '': No such file or directory");
            }
            if (Files.isDirectory(path)) {
                throw new JobSpecException("cannot read input file '" + name + "': Is a directory");
            }
            try {
                return new RecordReader(Files.newInputStream(path), delimiter, true, "input file '" + name + "'");
            } catch (IOException e) {
                throw new JobSpecException("cannot open input file '" + name + "': " + IoReason.of(e), e);
            }
        }
    }

    /**
     * Whether {@link #open} can be called again to read the same records: true for {@code :::} values and
     * regular files, false for standard input, pipes and other special files.
     */
    default boolean reopenable() {
        return switch (this) {
            case Values v -> true;
            case FileSource f -> Files.isRegularFile(f.path());
            case Stdin s -> false;
            case Headed h -> h.inner().reopenable();
            case EndsAt e -> e.inner().reopenable();
        };
    }

    /**
     * A source whose first record is a header ({@code --header}): {@link #readHeader} reads it, once, before
     * any job; every pass of {@link #open} then starts after it. The first pass continues the reading that
     * took the header (standard input can be read only once).
     */
    final class Headed implements InputSource {
        private final InputSource inner;
        private Iterator<String> afterHeader;
        private boolean opened;

        public Headed(InputSource inner) {
            this.inner = inner;
        }

        /** The header record, or null if the source is empty. */
        public String readHeader(RecordDelimiter delimiter, InputStream stdin) {
            afterHeader = inner.open(delimiter, stdin);
            return afterHeader.hasNext() ? afterHeader.next() : null;
        }

        @Override
        public boolean linkedToPrevious() {
            return inner.linkedToPrevious();
        }

        @Override
        public Iterator<String> open(RecordDelimiter delimiter, InputStream stdin) {
            if (!opened && afterHeader != null) {
                opened = true;
                return afterHeader;
            }
            Iterator<String> again = inner.open(delimiter, stdin);
            if (again.hasNext()) {
                again.next();
            }
            return again;
        }

        /** The source without its header. */
        public InputSource inner() {
            return inner;
        }
    }

    /** {@code -E EOF}: the source's records up to the first that equals {@code eof}, which ends it. */
    record EndsAt(InputSource inner, String eof) implements InputSource {
        @Override
        public boolean linkedToPrevious() {
            return inner.linkedToPrevious();
        }

        @Override
        public Iterator<String> open(RecordDelimiter delimiter, InputStream stdin) {
            Iterator<String> records = inner.open(delimiter, stdin);
            return new Iterator<>() {
                private String next;
                private boolean ended;

                @Override
                public boolean hasNext() {
                    if (next == null && !ended && records.hasNext()) {
                        String record = records.next();
                        if (record.equals(eof)) {
                            ended = true;
                        } else {
                            next = record;
                        }
                    }
                    return next != null;
                }

                @Override
                public String next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    String record = next;
                    next = null;
                    return record;
                }
            };
        }
    }

    /** Standard input: {@code :::: -}, {@code -a -}, or no source given. Read lazily; can be read once. */
    record Stdin(boolean linkedToPrevious) implements InputSource {
        @Override
        public Iterator<String> open(RecordDelimiter delimiter, InputStream stdin) {
            return new RecordReader(stdin, delimiter, false, "standard input");
        }
    }
}
