package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.List;

/**
 * GNU parallel's estimate of the length of a job's command line, which {@code -s} limits and by which
 * {@code -m}, {@code -X} and {@code --xargs} fill a line ({@code CommandLine::len} in GNU parallel 20221122).
 * It is an estimate of the line GNU parallel would build, not of Spool's: it counts each value shell-quoted
 * as GNU quotes it, whether or not Spool's job runs through a shell. Immutable and thread-safe; each line
 * is measured by its own {@link Line}.
 *
 * <p>The estimate: the template's text outside the white-space-separated chunks that hold a replacement
 * string ({@code noncontext}), plus a space between command words; then, with context replace,
 * {@code records × (text of those chunks) + (all values, measured per replacement string) +
 * (records - 1) × (number of such chunks)}; without, {@code (text of those chunks) + Σ per replacement
 * string (records - 1 + its values' length)}. "Records" is the number of records times the values in the
 * first one. A positional string ({@code {2}}, and {@code {#}}, which GNU measures as a positional one)
 * measures one value of each record, the others every value.
 */
public final class LineLength {

    /* Implementation notes
     *
     * GNU keys its counts by Perl expression and multiplies a string's summed length by how often it occurs;
     * both terms are linear in the occurrences, so measuring each slot on its own gives the same sum.
     * Differences, on purpose: a Perl expression ({= =}, --rpl, --plus) is measured as its value unchanged
     * (GNU evaluates it, with its side effects, once more per record); {%} is measured as one digit (GNU
     * takes a job slot for it while it measures); the strings of --tagstring, --results and --bar, which GNU
     * also counts when the command lacks them, and --env's and -S's additions are not counted.
     */

    private final List<TemplateToken.Slot> slots;
    private final boolean contextReplace;
    private final boolean quoted;
    /** The text outside context chunks, and the spaces between command words. */
    private final long base;
    /** The text of the chunks holding a replacement string, without the strings. */
    private final long context;
    private final long contextGroups;

    private LineLength(List<TemplateToken.Slot> slots, boolean contextReplace, boolean quoted, long base,
            long context, long contextGroups) {
        this.slots = List.copyOf(slots);
        this.contextReplace = contextReplace;
        this.quoted = quoted;
        this.base = base;
        this.context = context;
        this.contextGroups = contextGroups;
    }

    /**
     * The estimate for a template's tokens.
     *
     * @param quoted whether GNU parallel quotes the values: not when they are the commands, nor when a
     *               replacement string is in the command's first word (before any white space or {@code =})
     */
    static LineLength of(List<TemplateToken> tokens, boolean contextReplace, boolean quoted) {
        List<TemplateToken.Slot> slots = new ArrayList<>();
        long words = 1;
        long noncontext = 0;
        long context = 0;
        long groups = 0;
        long chunkText = 0;
        boolean chunkHasSlot = false;
        for (int i = 0; i <= tokens.size(); i++) {
            TemplateToken t = i < tokens.size() ? tokens.get(i) : null;
            boolean endsChunk = t == null || t instanceof TemplateToken.WordBreak || t instanceof TemplateToken.Blank;
            if (endsChunk) {
                if (chunkHasSlot) {
                    context += chunkText;
                    groups++;
                } else {
                    noncontext += chunkText;
                }
                chunkText = 0;
                chunkHasSlot = false;
            }
            switch (t) {
                case null -> { }
                case TemplateToken.WordBreak w -> words++;
                case TemplateToken.Blank b -> noncontext++;
                case TemplateToken.Text x -> chunkText += x.text().length();
                case TemplateToken.EmptyWord e -> { }
                case TemplateToken.Slot s -> {
                    slots.add(s);
                    chunkHasSlot = true;
                }
            }
        }
        return new LineLength(slots, contextReplace, quoted, noncontext + words - 1, context, groups);
    }

    /**
     * Whether GNU parallel leaves values unquoted because a replacement string is part of the command's first
     * word: one comes before any space, tab, newline or {@code =} ({@code parallel {} ::: ...}).
     */
    static boolean slotStartsCommand(List<TemplateToken> tokens) {
        for (TemplateToken t : tokens) {
            switch (t) {
                case TemplateToken.Slot s -> {
                    return true;
                }
                case TemplateToken.Text x -> {
                    if (x.text().indexOf('=') >= 0) {
                        return false;
                    }
                }
                case TemplateToken.Blank b -> {
                    if (b.c() == ' ' || b.c() == '\t' || b.c() == '\n') {
                        return false;
                    }
                }
                case TemplateToken.WordBreak w -> {
                    return false;
                }
                case TemplateToken.EmptyWord e -> { }
            }
        }
        return false;
    }

    /** A new, empty line, job number {@code seq} (which {@code {#}} measures). */
    public Line start(long seq) {
        return new Line(seq);
    }

    /** The measure of one line as records are added. Not thread-safe. */
    public final class Line {
        private final long seq;
        private long records;
        private long valuesPerRecord;
        private long valuesLength;

        private Line(long seq) {
            this.seq = seq;
        }

        /** Adds a record: its values, one per input source or column. */
        public void add(List<String> record) {
            if (records++ == 0) {
                valuesPerRecord = record.size();
            }
            for (TemplateToken.Slot s : slots) {
                if (s.positional()) {
                    long column = s.position() > 0 ? s.position() - 1 : s.position();
                    long index = column < 0 ? record.size() + column : column;
                    if (index >= 0 && index < record.size()) {
                        valuesLength += length(s, record.get((int) index));
                    }
                } else {
                    for (String value : record) {
                        valuesLength += length(s, value);
                    }
                }
            }
        }

        /** The estimated length of the line with the records added so far. */
        public long length() {
            long values = records * valuesPerRecord;
            if (contextReplace) {
                return base + values * context + valuesLength + (values - 1) * contextGroups;
            }
            return base + context + slots.size() * (values - 1) + valuesLength;
        }

        private long length(TemplateToken.Slot s, String value) {
            String replaced = s.perl() != null ? value : s.kind().apply(value, seq, 1);
            return quoted ? ShellQuoting.gnuQuote(replaced).length() : replaced.length();
        }
    }
}
