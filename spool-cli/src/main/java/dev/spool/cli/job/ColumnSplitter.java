package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --colsep REGEX}: splits a record into columns the way Perl's {@code split /REGEX/, $line, -1}
 * does, which is what GNU parallel uses. The regular expression is Java's syntax (close to Perl's for the
 * usual separators: {@code ,}, {@code \t}, {@code \s+}, {@code [,;]}), matched on ISO-8859-1 text with
 * only {@code \n} as a line terminator.
 */
public final class ColumnSplitter {

    /* Implementation notes
     *
     * Perl's split differs from String.split in two ways that matter here:
     *  - a match may not be empty at the position where the previous match ended (or at the start);
     *    Java's Matcher.find allows an empty match right after a non-empty one, giving an extra field
     *    (",a,," split on the pattern ",*" is ("", "a", "") in Perl, but ("", "a", "", "") in Java);
     *  - capturing groups in the separator are returned as fields too (an unmatched group as "").
     * Trailing empty fields are kept (limit -1). An empty record is one empty column (GNU parallel's
     * special case: it does not call split for "").
     */

    private final Pattern pattern;

    private ColumnSplitter(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Compiles {@code regex}.
     *
     * @throws JobSpecException when the regex is invalid, naming it
     */
    public static ColumnSplitter compile(String regex) {
        try {
            return new ColumnSplitter(Pattern.compile(regex, Pattern.UNIX_LINES));
        } catch (PatternSyntaxException e) {
            throw new JobSpecException("--colsep '" + regex + "' is not a valid regular expression: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), e);
        }
    }

    /** The columns of {@code record}: at least one. */
    public List<String> split(String record) {
        if (record.isEmpty()) {
            return List.of("");
        }
        List<String> fields = new ArrayList<>();
        Matcher m = pattern.matcher(record);
        int fieldStart = 0;
        int prevEnd = 0;
        int from = 0;
        int length = record.length();
        while (from <= length && m.find(from)) {
            if (m.end() == m.start() && m.start() == prevEnd) {
                if (m.start() >= length) {
                    break;
                }
                from = m.start() + 1;
                continue;
            }
            fields.add(record.substring(fieldStart, m.start()));
            for (int g = 1; g <= m.groupCount(); g++) {
                String group = m.group(g);
                fields.add(group == null ? "" : group);
            }
            fieldStart = m.end();
            prevEnd = m.end();
            from = m.end();
        }
        fields.add(record.substring(fieldStart));
        return fields;
    }

    @Override
    public String toString() {
        return "--colsep " + pattern.pattern();
    }
}
