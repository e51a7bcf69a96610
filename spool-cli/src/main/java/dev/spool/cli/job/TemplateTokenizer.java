package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits command words into {@link TemplateToken}s the way GNU parallel does, recognising replacement
 * strings: names are tried longest first; a name starting with <code>{</code> also matches its positional
 * forms <code>{n…}</code> (n may be negative, or 0 which Perl treats as "not positional"); white space is allowed
 * between the number and a suffix other than a bare <code>}</code> (<code>{1 .}</code> works, <code>{1 }</code> is
 * text, as in GNU parallel 20221122). A command with no replacement string gets <code>{}</code> appended.
 * <code>{= perl =}</code> is a slot whose Perl is its text (the shortest, innermost pair); <code>{=2 perl =}</code>
 * is positional. Strings defined in Perl ({@code --rpl}, {@code --plus}) are tried with the built-in ones,
 * longest TAG first, and a TAG may be a pattern ({@code {%(.+?)}}).
 * Single use; not thread-safe.
 */
final class TemplateTokenizer {

    private static final long MAX_POSITION = 1L << 40;

    private static final Pattern POSITION = Pattern.compile("^(-?\\d+)?", Pattern.DOTALL);

    /** A built-in string or a Perl one, tried in order of TAG length. */
    private record Candidate(ReplacementKind kind, String name, PerlReplacement perl) {}

    private final ReplacementStrings names;
    private final List<Candidate> order;
    private final List<TemplateToken> tokens = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int slots;

    TemplateTokenizer(ReplacementStrings names) {
        this.names = names;
        List<Candidate> all = new ArrayList<>();
        for (ReplacementKind kind : names.byLengthDescending()) {
            String name = names.name(kind);
            if (!isRedefined(name, names.perl())) {
                all.add(new Candidate(kind, name, null));
            }
        }
        if (!names.perl().isEmpty()) { // plain loops, no lambdas: this runs in every start of the command
            for (PerlReplacement p : names.perl()) {
                all.add(new Candidate(null, p.tag(), p));
            }
            all.sort(Comparator.comparingInt((Candidate c) -> -c.name().length()));
        }
        this.order = all;
    }

    private static boolean isRedefined(String name, List<PerlReplacement> perl) {
        for (PerlReplacement p : perl) {
            if (p.tag().equals(name)) {
                return true;
            }
        }
        return false;
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
        int perlEnd = matchPerlExpression(word, i);
        if (perlEnd > i) {
            return perlEnd;
        }
        for (Candidate candidate : order) {
            if (candidate.perl() != null) {
                int end = matchPerlReplacement(word, i, candidate.perl());
                if (end > i) {
                    return end;
                }
                continue;
            }
            ReplacementKind kind = candidate.kind();
            String name = candidate.name();
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

    /** {@code {= perl =}} at {@code i} (or what {@code --parens} chose): the innermost pair, as GNU parallel matches it. */
    private int matchPerlExpression(String word, int i) {
        String open = names.perlOpen();
        String close = names.perlClose();
        if (!word.startsWith(open, i)) {
            return i;
        }
        int end = word.indexOf(close, i + open.length());
        if (end < 0) {
            return i;
        }
        int inner = word.indexOf(open, i + open.length());
        if (inner >= 0 && inner < end) {
            return i; // the inner opening is the one that closes here
        }
        addPerlSlot(word.substring(i + open.length(), end), word.substring(i, end + close.length()));
        return end + close.length();
    }

    /** A {@code --rpl}/{@code --plus} TAG, or its positional form, at {@code i}. */
    private int matchPerlReplacement(String word, int i, PerlReplacement p) {
        Matcher m = p.plain().matcher(word).region(i, word.length());
        if (m.lookingAt()) {
            addPerlSlot(p.perlText(m, null), word.substring(i, m.end()));
            return m.end();
        }
        if (p.positional() != null) {
            m = p.positional().matcher(word).region(i, word.length());
            if (m.lookingAt()) {
                addPerlSlot(p.perlText(m, m.group(1)), word.substring(i, m.end()));
                return m.end();
            }
        }
        return i;
    }

    /**
     * A slot for the Perl {@code text}: GNU parallel reads a leading number as the position (positional
     * unless Perl finds it false: {@code 0}), and drops it and the spaces after it from the expression.
     */
    private void addPerlSlot(String text, String source) {
        Matcher m = POSITION.matcher(text);
        m.lookingAt();
        String number = m.group(1);
        int start = m.end();
        while (start < text.length() && text.charAt(start) == ' ') {
            start++;
        }
        boolean positional = number != null && !number.equals("0");
        flushText();
        tokens.add(new TemplateToken.Slot(ReplacementKind.VALUE, positional,
                positional ? parsePosition(number) : 0, slots++, source, text.substring(start)));
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
