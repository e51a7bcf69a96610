package dev.spool.cli.job;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
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
 * NUL), each column is trimmed ({@code --trim}); then records are gathered into a job, as many as
 * {@link ArgsPerJob} and {@link LineLimit} let in.
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
    private final LineLimit limit;
    private final LineLength lineLength;

    private JobInputs(Builder b) {
        this.sources = b.sources.isEmpty() ? List.of(new InputSource.Stdin(false)) : List.copyOf(b.sources);
        this.delimiter = b.delimiter;
        this.link = b.link;
        this.colsep = b.colsep;
        this.trim = b.trim;
        this.argsPerJob = b.argsPerJob;
        this.skipBlank = b.skipBlank;
        this.limit = b.limit;
        this.lineLength = b.lineLength;
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

    /**
     * Gathers records into jobs and numbers them: up to {@link ArgsPerJob#count()} records each, while the
     * line's {@link LineLength} stays below {@link LineLimit#maxChars()}; GNU parallel's
     * {@code CommandLine::populate}.
     */
    private final class Grouping implements Iterator<JobArgs> {

        /* Implementation notes
         *
         * A record that makes a line too long is handed back, to start the next line; so are the records a
         * spread line gives up. Handed-back records are already cleaned (columns split, trimmed) and come
         * before any record not yet read. Spreading (-m, -X) happens once, to the first line after which
         * input is at its end: its k records are cut to ceil(k / slots), and every later line (all made of
         * handed-back records) takes at most that many. Knowing the end needs one record of look-ahead,
         * which only lines that may spread ask for: memory stays bounded by one line.
         *
         * Every field is read and written only by the thread that iterates (the iterator is not thread-safe).
         */

        private final Iterator<List<String>> records;
        private final ArrayDeque<List<String>> handedBack = new ArrayDeque<>();
        /** Records per line: the count, at least 1 ({@code -n 0} reads one per job); after spreading, fewer. */
        private int maxRecords = Math.max(1, argsPerJob.count());
        private boolean spread;
        private long seq;
        private long read;

        Grouping(Iterator<List<String>> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            return !handedBack.isEmpty() || records.hasNext();
        }

        @Override
        public JobArgs next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long lineSeq = ++seq;
            LineLength.Line length = limit.limits() ? lineLength.start(lineSeq) : null;
            List<List<String>> line = new ArrayList<>();
            while (hasNext()) {
                List<String> record = take();
                line.add(record);
                if (length != null) {
                    length.add(record);
                    if (length.length() >= limit.maxChars()) {
                        if (line.size() == 1) {
                            throw tooLong(length.length(), record);
                        }
                        handedBack.addFirst(line.removeLast());
                        break;
                    }
                }
                if (line.size() >= maxRecords) {
                    break;
                }
            }
            if (limit.spreadOver() > 0 && !spread && !hasNext()) {
                spread = true;
                if (line.size() > 1) {
                    maxRecords = (line.size() + limit.spreadOver() - 1) / limit.spreadOver();
                    List<List<String>> rest = line.subList(maxRecords, line.size());
                    for (int i = rest.size() - 1; i >= 0; i--) {
                        handedBack.addFirst(rest.get(i));
                    }
                    rest.clear();
                }
            }
            List<String> values = new ArrayList<>();
            line.forEach(values::addAll);
            return new JobArgs(lineSeq, values);
        }

        /** The next record's values: one handed back, else the next one read. */
        private List<String> take() {
            if (!handedBack.isEmpty()) {
                return handedBack.pollFirst();
            }
            read++;
            List<String> values = values(records.next());
            if (argsPerJob.count() == 0) {
                values = Collections.nCopies(values.size(), JobArgs.NO_ARG);
            }
            return values;
        }

        /** GNU parallel's error for a record that is too long on its own, naming it (cut at 50 characters). */
        private JobSpecException tooLong(long length, List<String> record) {
            String text = String.join(" ", record);
            long number = read - handedBack.size();
            return new JobSpecException("Command line too long (" + length + " >= " + limit.maxChars()
                    + ") at input " + number + ": " + (text.length() > 50 ? text.substring(0, 50) + "..." : text));
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
        private LineLimit limit = LineLimit.NONE;
        private LineLength lineLength;

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

        /** {@code -r} ({@code --no-run-if-empty}): skip records with an empty or blank value. */
        public Builder skipBlank(boolean on) {
            this.skipBlank = on;
            return this;
        }

        /** {@code -n}/{@code -N}, {@code -m}/{@code -X}/{@code --xargs}. */
        public Builder argsPerJob(ArgsPerJob perJob) {
            argsPerJob = perJob;
            return this;
        }

        /**
         * {@code -s} and the spreading of {@code -m}/{@code -X}: lines, as {@code length} measures them,
         * stay below {@code limit}. Default: {@link LineLimit#NONE}, lines are cut by count only.
         */
        public Builder lineLimit(LineLimit limit, LineLength length) {
            this.limit = limit;
            this.lineLength = length;
            return this;
        }

        /** The configured inputs. */
        public JobInputs build() {
            if (limit.limits() && lineLength == null) {
                throw new IllegalStateException("a line limit needs a line length");
            }
            return new JobInputs(this);
        }
    }
}
