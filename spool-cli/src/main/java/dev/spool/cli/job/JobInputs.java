package dev.spool.cli.job;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The input side of a run: turns input sources into a lazy stream of {@link JobArgs}, one per job, numbered
 * from 1. Configure with {@link #builder()}, then {@link #open(InputStream)} once.
 *
 * <p>Order of work for each record: the sources are combined ({@link NestedRecordIterator}, or
 * {@link LinkedRecordIterator} with {@code --link}), each value is split into columns ({@code --colsep}),
 * NUL bytes inside a value become the two characters {@code \0} (as GNU parallel does: argv cannot hold
 * NUL), each column is trimmed ({@code --trim}); then {@link ArgsPerJob} records are gathered into a job.
 *
 * <p>Memory is bounded for a single source of any length, and for the first source of a combination;
 * see the two record iterators for what else is held. The returned iterator is not thread-safe; it reads
 * input on the calling thread and may throw {@link JobSpecException} on a read error, naming the source.
 */
public final class JobInputs {

    private final List<InputSource> sources;
    private final RecordDelimiter delimiter;
    private final boolean link;
    private final ColumnSplitter colsep;
    private final TrimMode trim;
    private final ArgsPerJob argsPerJob;
    private final boolean skipBlank;

    private JobInputs(Builder b) {
        this.sources = b.sources.isEmpty() ? List.of(new InputSource.Stdin(false)) : List.copyOf(b.sources);
        this.delimiter = b.delimiter;
        this.link = b.link;
        this.colsep = b.colsep;
        this.trim = b.trim;
        this.argsPerJob = b.argsPerJob;
        this.skipBlank = b.skipBlank;
    }

    /** A builder with GNU parallel's defaults: stdin, newline, nested combinations, no colsep or trim, one per job. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens every source (a missing file fails here, before any job) and returns the jobs' inputs, read
     * lazily as the iterator advances.
     *
     * @param stdin the process's standard input, read by {@link InputSource.Stdin}; not closed
     * @throws JobSpecException when an input file cannot be opened
     */
    public Iterator<JobArgs> open(InputStream stdin) {
        Iterator<List<String>> records = link
                ? new LinkedRecordIterator(sources, delimiter, stdin)
                : new NestedRecordIterator(sources, delimiter, stdin);
        return new Grouping(skipBlank ? new NonBlank(records) : records);
    }

    /** {@code -r}: the records none of whose values is empty or only white space; GNU numbers only these. */
    private static final class NonBlank implements Iterator<List<String>> {
        private final Iterator<List<String>> records;
        private List<String> next;

        NonBlank(Iterator<List<String>> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            while (next == null && records.hasNext()) {
                List<String> record = records.next();
                if (record.stream().noneMatch(String::isBlank)) {
                    next = record;
                }
            }
            return next != null;
        }

        @Override
        public List<String> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<String> record = next;
            next = null;
            return record;
        }
    }

    private List<String> values(List<String> record) {
        List<String> out = new ArrayList<>(record.size());
        for (String value : record) {
            if (colsep == null) {
                out.add(clean(value));
            } else {
                for (String column : colsep.split(value)) {
                    out.add(clean(column));
                }
            }
        }
        return out;
    }

    private String clean(String value) {
        String v = value.indexOf('\0') >= 0 ? value.replace("\0", "\\0") : value;
        return trim.apply(v);
    }

    /** Gathers records into jobs and numbers them. */
    private final class Grouping implements Iterator<JobArgs> {
        private final Iterator<List<String>> records;
        private long seq;

        Grouping(Iterator<List<String>> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public JobArgs next() {
            if (!records.hasNext()) {
                throw new NoSuchElementException();
            }
            List<String> values = new ArrayList<>();
            if (argsPerJob.count() == 0) {
                int n = values(records.next()).size();
                for (int i = 0; i < n; i++) {
                    values.add(JobArgs.NO_ARG);
                }
            } else {
                for (int i = 0; i < argsPerJob.count() && records.hasNext(); i++) {
                    values.addAll(values(records.next()));
                }
            }
            return new JobArgs(++seq, values);
        }
    }

    /** Collects the options that shape the input. Not thread-safe. */
    public static final class Builder {
        private final List<InputSource> sources = new ArrayList<>();
        private RecordDelimiter delimiter = RecordDelimiter.NEWLINE;
        private boolean skipBlank;
        private boolean link;
        private ColumnSplitter colsep;
        private TrimMode trim = TrimMode.NONE;
        private ArgsPerJob argsPerJob = ArgsPerJob.ONE;

        private Builder() {}

        /** Adds a source, in command-line order ({@code -a} files first, as GNU parallel does). */
        public Builder source(InputSource source) {
            sources.add(source);
            return this;
        }

        /** Adds sources in order. */
        public Builder sources(List<? extends InputSource> more) {
            sources.addAll(more);
            return this;
        }

        /** {@code -d}, {@code -0}; default newline. */
        public Builder delimiter(RecordDelimiter d) {
            delimiter = d;
            return this;
        }

        /** {@code --link}. */
        public Builder link(boolean on) {
            link = on;
            return this;
        }

        /** {@code --colsep REGEX}; see {@link ColumnSplitter#compile}. */
        public Builder columnSeparator(ColumnSplitter splitter) {
            colsep = splitter;
            return this;
        }

        /** {@code --trim}. */
        public Builder trim(TrimMode mode) {
            trim = mode;
            return this;
        }

        /** {@code -n}/{@code -N}. */
        /** {@code -r} ({@code --no-run-if-empty}): skip records with an empty or blank value. */
        public Builder skipBlank(boolean on) {
            this.skipBlank = on;
            return this;
        }

        public Builder argsPerJob(ArgsPerJob perJob) {
            argsPerJob = perJob;
            return this;
        }

        /** The configured inputs. */
        public JobInputs build() {
            return new JobInputs(this);
        }
    }
}
