package dev.spool.cli.pipe;

import dev.spool.cli.UsageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * How records are told apart in a {@code --pipe} block: GNU parallel's {@code --recstart} and {@code
 * --recend} (fixed strings with {@code \n \t \r \0 \\ \" \'} understood, or regular expressions with {@code
 * --regexp}), and how many records make a block ({@code -N}, or {@code -L} lines). With neither string given,
 * a record ends with a newline; with only {@code --recstart}, a record ends anywhere before the next start.
 *
 * @param recstart the start of a record, as bytes (ISO-8859-1 chars), or "" for anywhere
 * @param recend the end of a record, or "" for anywhere
 * @param regexp whether recstart and recend are regular expressions
 * @param records records per block ({@code -N}), or 0 for as many as fit in {@code --block}
 * @param lines lines per record ({@code -L}), or 0
 */
public record Records(String recstart, String recend, boolean regexp, int records, int lines) {

    /** From the options as given: each string may be null (not given). */
    public static Records of(String recstart, String recend, boolean regexp, Integer records, Integer lines) {
        if (records != null && records < 1) {
            throw new UsageException("-N with --pipe: '" + records + "' must be 1 or more");
        }
        if (lines != null && lines < 1) {
            throw new UsageException("-L: '" + lines + "' must be 1 or more");
        }
        String start;
        String end;
        if (recstart == null && recend == null) {
            start = "";
            end = "\n";
        } else {
            start = recstart == null ? "" : recstart;
            end = recend == null ? "" : recend;
        }
        if (regexp) {
            if (recend != null && recend.isEmpty() && recstart == null) {
                end = "(?s:.)"; // GNU parallel: --regexp --recend ''
            }
            start = "(?:(?-x:" + start + "))";
            end = "(?:(?-x:" + end + "))";
            try {
                Pattern.compile(start + end);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new UsageException("--recstart/--recend: not a regular expression: " + e.getDescription(), e);
            }
        } else {
            start = unescape(start);
            end = unescape(end);
        }
        return new Records(start, end, regexp, records == null ? 0 : records, lines == null ? 0 : lines);
    }

    /** The cutter that finds where blocks of these records end. */
    public RecordCutter cutter() {
        if (lines > 0 && records == 0) {
            return new RecordCutter.Lines(lines);
        }
        int n = records * Math.max(lines, 1);
        if (regexp) {
            return n > 0 ? new RecordCutter.RegexpRecords(recstart, recend, n) : new RecordCutter.LastRegexp(recstart, recend);
        }
        byte[] separator = (recend + recstart).getBytes(StandardCharsets.ISO_8859_1);
        return n > 0 ? new RecordCutter.FixedRecords(separator, recend.length(), n)
                : new RecordCutter.LastFixed(separator, recend.length());
    }

    /**
     * {@code block} without its record separators, as GNU parallel's {@code --rrs} ({@code remove_rec_sep}):
     * every recend+recstart between records, a recstart at the start and a recend at the end.
     */
    public String removeSeparators(String block) {
        String start = regexp ? recstart : Pattern.quote(recstart);
        String end = regexp ? recend : Pattern.quote(recend);
        // Perl's $ (without /m) also matches before a final newline; UNIX_LINES: only \n ends a line, as in Perl
        String between = Pattern.compile(end + start, Pattern.MULTILINE | Pattern.UNIX_LINES).matcher(block).replaceAll("");
        String first = Pattern.compile("^" + start, Pattern.DOTALL | Pattern.UNIX_LINES).matcher(between).replaceFirst("");
        return Pattern.compile(end + "$", Pattern.DOTALL | Pattern.UNIX_LINES).matcher(first).replaceFirst("");
    }

    /** GNU parallel's escapes in a fixed --recstart or --recend: \0 \r \n \t \' \" \\. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "0rnt'\"\\".indexOf(s.charAt(i + 1)) >= 0) {
                char e = s.charAt(++i);
                out.append(switch (e) {
                    case '0' -> '\0';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The first index at or after {@code from} where {@code pattern} starts in {@code data[0, length)}, or -1. */
    static int indexOf(ByteBuffer data, int length, byte[] pattern, int from) {
        int last = length - pattern.length;
        if (pattern.length == 0) {
            return from <= length ? Math.max(from, 0) : -1;
        }
        byte first = pattern[0];
        outer:
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (data.get(i) != first) {
                continue;
            }
            for (int k = 1; k < pattern.length; k++) {
                if (data.get(i + k) != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Perl's {@code rindex}: the last index at or before {@code from} where {@code pattern} starts, or -1. */
    static int lastIndexOf(ByteBuffer data, int length, byte[] pattern, int from) {
        int i = Math.min(from, length - pattern.length);
        if (pattern.length == 0) {
            return Math.max(Math.min(from, length), 0);
        }
        byte first = pattern[0];
        outer:
        for (i = Math.max(i, -1); i >= 0; i--) {
            if (data.get(i) != first) {
                continue;
            }
            for (int k = 1; k < pattern.length; k++) {
                if (data.get(i + k) != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
