package dev.spool.cli.job;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every combination of several input sources, in GNU parallel's order: the first source varies slowest
 * ({@code ::: a b ::: x y} gives {@code a x, a y, b x, b y}). Sources given with {@code :::+}/{@code ::::+}
 * are paired with the source before them instead: such a linked group advances together and stops at its
 * shortest member (unlike {@code --link}, which recycles; see {@link LinkedRecordIterator}).
 *
 * <p>Memory: the first group streams (a single first source of ten million lines runs in bounded memory);
 * every later group is read completely into memory on the first {@link #hasNext()}, because each of its
 * values is needed once per value of the groups before it. GNU parallel holds every source in memory.
 *
 * <p>A source with no records at all counts as one empty value when another source has records
 * ({@code ::: a b :::: /dev/null} gives {@code a '', b ''}); when all are empty there are no records.
 * Not thread-safe.
 */
final class NestedRecordIterator implements Iterator<List<String>> {

    /* Implementation notes
     *
     * GNU parallel's MultifileQueue::nest_get reads the last source first and builds, for each new value,
     * the combinations with every value already read; because a source is only advanced once every later
     * source is exhausted, the result is the lexicographic order of the index tuples, with the :::+
     * constraint "equal indices" filtering it (expand_combinations). Indices past a linked group's
     * shortest member never satisfy the constraint, hence the truncation. An empty source is seeded with
     * Arg->new("") when the matrix is initialised. This class produces the same sequence directly: a
     * zipped stream for the first group, an odometer over the buffered later groups.
     */

    private final List<Iterator<String>> first;
    private final List<List<List<String>>> later = new ArrayList<>();
    private final List<List<Iterator<String>>> laterOpen = new ArrayList<>();
    private final int[] odometer;
    private boolean started;
    private boolean done;
    private final boolean[] firstEmpty;
    private List<String> currentFirst;
    private List<String> next;

    NestedRecordIterator(List<InputSource> sources, RecordDelimiter delimiter, InputStream stdin) {
        List<List<InputSource>> groups = groups(sources);
        first = new ArrayList<>();
        for (InputSource s : groups.getFirst()) {
            first.add(s.open(delimiter, stdin));
        }
        for (List<InputSource> group : groups.subList(1, groups.size())) {
            List<Iterator<String>> its = new ArrayList<>();
            for (InputSource s : group) {
                its.add(s.open(delimiter, stdin));
            }
            laterOpen.add(its);
        }
        odometer = new int[groups.size() - 1];
        firstEmpty = new boolean[first.size()];
    }

    /** Splits the sources into linked groups: a source linked to the previous one joins its group. */
    static List<List<InputSource>> groups(List<InputSource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no input source");
        }
        List<List<InputSource>> groups = new ArrayList<>();
        for (InputSource s : sources) {
            if (s.linkedToPrevious() && !groups.isEmpty()) {
                groups.getLast().add(s);
            } else {
                groups.add(new ArrayList<>(List.of(s)));
            }
        }
        return groups;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
            done = next == null;
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

    private List<String> advance() {
        if (!started) {
            started = true;
            boolean allEmpty = true;
            for (int i = 0; i < first.size(); i++) {
                firstEmpty[i] = !first.get(i).hasNext();
                allEmpty &= firstEmpty[i];
            }
            for (List<Iterator<String>> its : laterOpen) {
                List<List<String>> columns = new ArrayList<>();
                for (Iterator<String> it : its) {
                    List<String> values = new ArrayList<>();
                    it.forEachRemaining(values::add);
                    allEmpty &= values.isEmpty();
                    columns.add(values.isEmpty() ? List.of("") : values);
                }
                later.add(zip(columns));
            }
            laterOpen.clear();
            if (allEmpty) {
                return null;
            }
            currentFirst = nextFirst(true);
            return currentFirst == null ? null : combine();
        }
        for (int g = odometer.length - 1; g >= 0; g--) {
            if (++odometer[g] < later.get(g).size()) {
                return combine();
            }
            odometer[g] = 0;
        }
        currentFirst = nextFirst(false);
        return currentFirst == null ? null : combine();
    }

    /** The next tuple of the first group, or null when its shortest member is exhausted. */
    private List<String> nextFirst(boolean initial) {
        List<String> tuple = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            if (firstEmpty[i]) {
                if (!initial) {
                    return null;
                }
                tuple.add("");
            } else if (first.get(i).hasNext()) {
                tuple.add(first.get(i).next());
            } else {
                return null;
            }
        }
        return tuple;
    }

    private List<String> combine() {
        List<String> record = new ArrayList<>(currentFirst);
        for (int g = 0; g < odometer.length; g++) {
            record.addAll(later.get(g).get(odometer[g]));
        }
        return record;
    }

    /** Pairs the columns of a linked group up to the shortest one. */
    private static List<List<String>> zip(List<List<String>> columns) {
        int n = columns.stream().mapToInt(List::size).min().orElse(0);
        List<List<String>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>(columns.size());
            for (List<String> column : columns) {
                row.add(column.get(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
