package dev.spool.cli.pipe;

import java.nio.ByteBuffer;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the blocks in a buffer of stdin end, as GNU parallel's {@code spreadstdin} cuts them: the buffer
 * holds what is left of the last read plus up to {@code --block} bytes more, and the cutter names the ends
 * of the blocks to pass now; what follows the last end waits for the next read (at the end of input it is
 * the last block). Not thread-safe: one reader.
 */
public sealed interface RecordCutter {

    /**
     * Reports to {@code cuts} the end of each block to pass from {@code data[0, length)}, increasing, each
     * above 0 and at most {@code length}; none if no whole block is there yet.
     *
     * @param eof whether the input has ended (the rest becomes the last block whatever is reported)
     */
    void cut(ByteBuffer data, int length, boolean eof, IntConsumer cuts);

    /** GNU's {@code pass}: one block, up to the last record end (recend followed by recstart). */
    record LastFixed(byte[] separator, int recendLength) implements RecordCutter {
        @Override
        public void cut(ByteBuffer data, int length, boolean eof, IntConsumer cuts) {
            if (eof) {
                return;
            }
            int i = Records.lastIndexOf(data, length, separator, length);
            if (i >= 0 && i + recendLength > 0) {
                cuts.accept(i + recendLength);
            }
        }
    }

    /** GNU's {@code pass_n}: blocks of {@code n} records, as many as the buffer holds. */
    record FixedRecords(byte[] separator, int recendLength, int n) implements RecordCutter {
        @Override
        public void cut(ByteBuffer data, int length, boolean eof, IntConsumer cuts) {
            int start = 0;
            while (start < length) {
                int i = start; // GNU's nindex: the n-th match, each searched from one past the last
                for (int k = 0; k < n && i >= 0; k++) {
                    i = Records.indexOf(data, length, separator, i + 1);
                }
                if (i < 0) {
                    return;
                }
                int end = i + recendLength;
                if (end <= start) {
                    return;
                }
                cuts.accept(end);
                start = end;
            }
        }
    }

    /** GNU's {@code pass_n_line_records} ({@code -L n}): one block of the most whole groups of n lines. */
    record Lines(int n) implements RecordCutter {
        private static final byte[] NEWLINE = {'\n'};

        @Override
        public void cut(ByteBuffer data, int length, boolean eof, IntConsumer cuts) {
            int lines = 0;
            for (int i = 0; i < length; i++) {
                if (data.get(i) == '\n') {
                    lines++;
                }
            }
            int last = Records.lastIndexOf(data, length, NEWLINE, length);
            while (lines % n != 0) {
                lines--;
                last = Records.lastIndexOf(data, length, NEWLINE, last - 1);
            }
            if (last + 1 > 0) {
                cuts.accept(last + 1);
            }
        }
    }

    /** GNU's {@code pass_regexp}: one block, up to the last match of recend followed by recstart. */
    final class LastRegexp implements RecordCutter {
        private final Pattern pattern;

        LastRegexp(String recstart, String recend) {
            this.pattern = Pattern.compile("^((?s:.)*" + recend + ")" + recstart + "(?s:.)*?$",
                    Pattern.MULTILINE | Pattern.COMMENTS | Pattern.UNIX_LINES);
        }

        @Override
        public void cut(ByteBuffer data, int length, boolean eof, IntConsumer cuts) {
            if (eof) {
                return;
            }
            Matcher m = pattern.matcher(new Latin1Chars(data, 0, length));
            if (m.find() && m.end(1) > 0) {
                cuts.accept(m.end(1));
            }
        }
    }

    /** GNU's {@code pass_n_regexps}: blocks of {@code n} records, the first preceded by any garbage. */
    final class RegexpRecords implements RecordCutter {
        private final Pattern garbage;
        private final Pattern records;
        private final Pattern startsWithRecord;
        private boolean garbageRead;

        RegexpRecords(String recstart, String recend, int n) {
            this.startsWithRecord = Pattern.compile("^" + recstart, Pattern.MULTILINE | Pattern.COMMENTS | Pattern.UNIX_LINES);
            this.garbage = Pattern.compile("(?s:^)((?:(?:(?!" + recend + recstart + ")(?s:.))*?" + recend + "))(?="
                    + recstart + ")", Pattern.MULTILINE | Pattern.COMMENTS | Pattern.UNIX_LINES);
            this.records = Pattern.compile("(?s:^)((?:" + recstart + "(?:(?!" + recend + recstart + ")(?s:.))*?"
                    + recend + "){" + n + "})(?=" + recstart + ")", Pattern.MULTILINE | Pattern.COMMENTS | Pattern.UNIX_LINES);
        }

        @Override
        public void cut(ByteBuffer data, int length, boolean eof, IntConsumer cuts) {
            int start = 0;
            if (!garbageRead) {
                garbageRead = true;
                if (!startsWithRecord.matcher(new Latin1Chars(data, 0, length)).lookingAt()) {
                    Matcher m = garbage.matcher(new Latin1Chars(data, 0, length));
                    if (m.lookingAt() && m.end(1) > 0) {
                        start = m.end(1);
                        cuts.accept(start);
                    }
                }
            }
            while (true) {
                Matcher m = records.matcher(new Latin1Chars(data, start, length));
                if (!m.lookingAt() || m.end(1) == 0) {
                    return;
                }
                start += m.end(1);
                cuts.accept(start);
            }
        }
    }

    /** Bytes as ISO-8859-1 chars, without a copy, for the regular expressions. */
    record Latin1Chars(ByteBuffer data, int from, int to) implements CharSequence {
        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) (data.get(from + index) & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Latin1Chars(data, from + start, from + end);
        }

        @Override
        public String toString() {
            char[] chars = new char[length()];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = charAt(i);
            }
            return new String(chars);
        }
    }
}
