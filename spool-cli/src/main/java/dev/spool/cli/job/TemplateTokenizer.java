package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits command words into {@link TemplateToken}s the way GNU parallel does, recognising replacement
 * strings: names are tried longest first; a name starting with <code>{</code> also matches its positional
 * forms <code>{n…}</code> (n may be negative, or 0 which Perl treats as "not positional"); white space is allowed
 * between the number and a suffix other than a bare <code>}</code> (<code>{1 .}</code> works, <code>{1 }</code> is
 * text, as in GNU parallel 20221122). A command with no replacement string gets <code>{}</code> appended.
 * Single use; not thread-safe.
 */
final class TemplateTokenizer {

    private static final long MAX_POSITION = 1L << 40;

    private final ReplacementStrings names;
    private final List<ReplacementKind> order;
    private final List<TemplateToken> tokens = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int slots;

    TemplateTokenizer(ReplacementStrings names) {
        this.names = names;
        this.order = names.byLengthDescending();
    }

    List<TemplateToken> tokenize(List<String> words) {
        return tokenize(words, true);
    }

    /** The tokens of {@code words}; with {@code implicitValue}, a {@code {}} at the end if they have no slot. */
    List<TemplateToken> tokenize(List<String> words, boolean implicitValue) {
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) {
                tokens.add(new TemplateToken.WordBreak());
            }
            String word = words.get(w);
            if (word.isEmpty()) {
                tokens.add(new TemplateToken.EmptyWord());
                continue;
            }
            int i = 0;
            while (i < word.length()) {
                int next = matchSlot(word, i);
                if (next > i) {
                    i = next;
                    continue;
                }
                char c = word.charAt(i);
                if (isPerlSpace(c)) {
                    flushText();
                    tokens.add(new TemplateToken.Blank(c));
                } else {
                    text.append(c);
                }
                i++;
            }
            flushText();
        }
        if (slots == 0 && implicitValue) {
            tokens.add(new TemplateToken.WordBreak());
            tokens.add(new TemplateToken.Slot(ReplacementKind.VALUE, false, 0, slots++,
                    names.name(ReplacementKind.VALUE)));
        }
        return tokens;
    }

    /** Adds the slot starting at {@code i} and returns the index after it, or {@code i} if none. */
    private int matchSlot(String word, int i) {
        for (ReplacementKind kind : order) {
            String name = names.name(kind);
            if (word.startsWith(name, i)) {
                boolean perJob = kind == ReplacementKind.SEQ || kind == ReplacementKind.SLOT;
                addSlot(kind, perJob, perJob ? 1 : 0, name);
                return i + name.length();
            }
            if (name.startsWith("{")) {
                int end = matchPositional(word, i, kind, name.substring(1));
                if (end > i) {
                    return end;
                }
            }
        }
        return i;
    }

    /** {@code {n<suffix>}} with optional white space before a suffix other than a bare {@code }}. */
    private int matchPositional(String word, int i, ReplacementKind kind, String suffix) {
        if (word.charAt(i) != '{') {
            return i;
        }
        int j = i + 1;
        if (j < word.length() && word.charAt(j) == '-') {
            j++;
        }
        int digitsStart = j;
        while (j < word.length() && word.charAt(j) >= '0' && word.charAt(j) <= '9') {
            j++;
        }
        if (j == digitsStart) {
            return i;
        }
        String number = word.substring(i + 1, j);
        if (!suffix.equals("}")) {
            while (j < word.length() && isPerlSpace(word.charAt(j))) {
                j++;
            }
        }
        if (!word.startsWith(suffix, j)) {
            return i;
        }
        int end = j + suffix.length();
        boolean positional = !number.equals("0");
        addSlot(kind, positional, positional ? parsePosition(number) : 0, word.substring(i, end));
        return end;
    }

    private static long parsePosition(String number) {
        try {
            return Math.clamp(Long.parseLong(number), -MAX_POSITION, MAX_POSITION);
        } catch (NumberFormatException tooLong) {
            return number.startsWith("-") ? -MAX_POSITION : MAX_POSITION;
        }
    }

    private void addSlot(ReplacementKind kind, boolean positional, long position, String source) {
        flushText();
        tokens.add(new TemplateToken.Slot(kind, positional, position, slots++, source));
    }

    private void flushText() {
        if (!text.isEmpty()) {
            tokens.add(new TemplateToken.Text(text.toString()));
            text.setLength(0);
        }
    }

    private static boolean isPerlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
