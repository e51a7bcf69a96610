package dev.spool.cli.job;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code --link}: the n-th record takes the n-th value of every source. Sources shorter than the longest are
 * recycled from their start, as GNU parallel does ({@code --link ::: a b c ::: 1 2} gives
 * {@code a 1, b 2, c 1}); the records end when the longest source ends.
 *
 * <p>Memory: a source that can be re-opened ({@code :::} values, a regular file) is read again from its
 * start when it must be recycled, so it is never buffered. Standard input and pipes are remembered as they
 * are read, since recycling may need them; they are the only sources held in memory.
 *
 * <p>A source with no records at all gives an empty value (GNU parallel 20221122 dies with a Perl error
 * there). Not thread-safe.
 */
final class LinkedRecordIterator implements Iterator<List<String>> {

    private final List<Cycle> cycles = new ArrayList<>();
    private List<String> next;
    private boolean done;

    LinkedRecordIterator(List<InputSource> sources, RecordDelimiter delimiter, InputStream stdin) {
        for (InputSource s : sources) {
            cycles.add(new Cycle(s, delimiter, stdin));
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            List<String> record = new ArrayList<>(cycles.size());
            boolean anyFresh = false;
            for (Cycle c : cycles) {
                record.add(c.next());
                anyFresh |= c.lastWasFresh;
            }
            if (anyFresh) {
                next = record;
            } else {
                done = true;
            }
        }
        return next != null;
    }

    @Override
    public List<String> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<String> r = next;
        next = null;
        return r;
    }

    /** One source, read once and then repeated from its start. */
    private static final class Cycle {
        private final InputSource source;
        private final RecordDelimiter delimiter;
        private final InputStream stdin;
        private final List<String> remembered;
        private Iterator<String> it;
        private boolean recycling;
        private boolean empty;
        boolean lastWasFresh;

        Cycle(InputSource source, RecordDelimiter delimiter, InputStream stdin) {
            this.source = source;
            this.delimiter = delimiter;
            this.stdin = stdin;
            this.remembered = source.reopenable() ? null : new ArrayList<>();
            this.it = source.open(delimiter, stdin);
        }

        String next() {
            lastWasFresh = false;
            if (empty) {
                return "";
            }
            if (!it.hasNext()) {
                recycling = true;
                it = remembered == null ? source.open(delimiter, stdin) : remembered.iterator();
                if (!it.hasNext()) {
                    empty = true;
                    return "";
                }
            }
            String value = it.next();
            if (!recycling) {
                lastWasFresh = true;
                if (remembered != null) {
                    remembered.add(value);
                }
            }
            return value;
        }
    }
}
