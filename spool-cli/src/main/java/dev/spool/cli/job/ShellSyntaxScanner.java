package dev.spool.cli.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a template's literal text the way {@code sh} would, to answer two questions: does it use shell
 * syntax at all, and, for each replacement string, what quoting is in force there ({@link Insertion}).
 * Values themselves are never scanned: each is inserted as a self-contained quoted piece, so the state here
 * depends on the template alone and is computed once.
 *
 * <p>Places where a value cannot be written safely are refused with an {@link UnsupportedFeatureException}:
 * right after a backslash or a {@code $}, inside {@code ${…}}, in a here-document, in nested backticks, in
 * backticks within double quotes, and where a second shell would parse it ({@link NestedShellGuard}: the
 * script of {@code sh -c}, the arguments of {@code eval}).
 */
final class ShellSyntaxScanner {

    /* Implementation notes
     *
     * A small hand-written lexer over the joined template line (command words joined by spaces, as GNU
     * parallel joins them), with a stack of open substitutions. It tracks: single and double quotes,
     * backslash escapes, $( ), $(( )), ${ }, backticks, comments (# at the start of a word), and here-
     * documents (after "<<", everything from the next newline on is treated as the body). It does not try
     * to be a full parser: case patterns, parentheses in subshells, nested here-documents and the like only
     * matter if a replacement string sits in them, and then the conservative answer is the usual quoting.
     * Replacement strings are marked in the line by SLOT, a char above 0xFF that no ISO-8859-1 text holds.
     */

    /** The characters that make a command need a shell (besides a keyword or builtin as first word). */
    static final String SYNTAX_CHARS = "|&;<>()$`\\\"'*?[]#~=%\n";

    private static final char SLOT = '\uE000';

    /** Characters that end a shell word outside quotes. */
    private static final String WORD_ENDS = " \t\n;&|<>()";

    private enum Frame { COMMAND_SUBSTITUTION, ARITHMETIC, PARAMETER, BACKTICK }

    private record Open(Frame frame, Insertion.Quote quoteOutside) {}

    private final Deque<Open> stack = new ArrayDeque<>();
    private final List<Insertion> insertions = new ArrayList<>();
    private final List<TemplateToken.Slot> slots = new ArrayList<>();
    private final NestedShellGuard guard = new NestedShellGuard();
    private Insertion.Quote quote = Insertion.Quote.NONE;
    private boolean escaped;
    private boolean comment;
    private boolean wordStart = true;
    private boolean hereDocPending;
    private boolean inHereDoc;
    private int parens;
    private boolean syntax;

    /** The outcome: whether shell syntax was seen, and one insertion per slot, by slot index. */
    record Result(boolean hasShellSyntax, List<Insertion> insertions) {}

    /**
     * Scans {@code tokens}.
     *
     * @throws UnsupportedFeatureException when a replacement string sits where no value can be quoted safely
     */
    static Result scan(List<TemplateToken> tokens) {
        ShellSyntaxScanner s = new ShellSyntaxScanner();
        StringBuilder line = new StringBuilder();
        for (TemplateToken t : tokens) {
            switch (t) {
                case TemplateToken.WordBreak w -> line.append(' ');
                case TemplateToken.EmptyWord e -> { }
                case TemplateToken.Blank b -> line.append(b.c());
                case TemplateToken.Text x -> line.append(x.text());
                case TemplateToken.Slot slot -> {
                    line.append(SLOT);
                    s.slots.add(slot);
                }
            }
        }
        s.run(line.toString());
        return new Result(s.syntax, List.copyOf(s.insertions));
    }

    private void run(String line) {
        int slot = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == SLOT) {
                TemplateToken.Slot s = slots.get(slot++);
                insertions.add(insertionAt(s, line, i));
                if (!comment) {
                    guard.slot(s);
                }
                continue;
            }
            if (SYNTAX_CHARS.indexOf(c) >= 0) {
                syntax = true;
            }
            i = step(line, i, c);
        }
        guard.endLine();
    }

    /** Consumes the char at {@code i} (and any lookahead); returns the index of the last char consumed. */
    private int step(String line, int i, char c) {
        if (inHereDoc) {
            return i;
        }
        if (comment) {
            if (c == '\n') {
                comment = false;
                newline();
                guard.endCommand();
            }
            return i;
        }
        if (escaped) {
            escaped = false;
            wordStart = false;
            guard.literal(c);
            return i;
        }
        switch (quote) {
            case SINGLE -> {
                if (c == '\'') {
                    quote = Insertion.Quote.NONE;
                    guard.quote();
                } else {
                    guard.literal(c);
                }
                return i;
            }
            case DOUBLE -> {
                return inDoubleQuotes(line, i, c);
            }
            default -> {
                return unquoted(line, i, c);
            }
        }
    }

    private int inDoubleQuotes(String line, int i, char c) {
        switch (c) {
            case '\\' -> escaped = true;
            case '"' -> {
                quote = Insertion.Quote.NONE;
                guard.quote();
            }
            case '`' -> push(Frame.BACKTICK);
            case '$' -> {
                return dollar(line, i);
            }
            default -> guard.literal(c);
        }
        return i;
    }

    private int unquoted(String line, int i, char c) {
        Open top = stack.peek();
        if (top != null && top.frame() == Frame.ARITHMETIC) {
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                if (parens > 0) {
                    parens--;
                } else {
                    pop();
                    return at(line, i + 1) == ')' ? i + 1 : i;
                }
            }
            return i;
        }
        boolean startsWord = false;
        switch (c) {
            case '\\' -> escaped = true;
            case '\'' -> {
                quote = Insertion.Quote.SINGLE;
                guard.quote();
            }
            case '"' -> {
                quote = Insertion.Quote.DOUBLE;
                guard.quote();
            }
            case '`' -> {
                if (top != null && top.frame() == Frame.BACKTICK) {
                    pop();
                } else {
                    push(Frame.BACKTICK);
                }
                startsWord = true;
            }
            case '$' -> {
                return dollar(line, i);
            }
            case '(' -> {
                if (top != null && top.frame() == Frame.COMMAND_SUBSTITUTION) {
                    parens++;
                }
                guard.endCommand();
                startsWord = true;
            }
            case ')' -> {
                if (top != null && top.frame() == Frame.COMMAND_SUBSTITUTION && parens == 0) {
                    pop();
                } else {
                    if (top != null && top.frame() == Frame.COMMAND_SUBSTITUTION) {
                        parens--;
                    }
                    guard.endCommand();
                }
                startsWord = true;
            }
            case '}' -> {
                if (top != null && top.frame() == Frame.PARAMETER) {
                    pop();
                } else {
                    guard.literal(c);
                }
            }
            case '#' -> {
                comment = wordStart;
                if (!comment) {
                    guard.literal(c);
                }
            }
            case '<' -> {
                startsWord = true;
                guard.endWord();
                if (at(line, i + 1) == '<') {
                    hereDocPending = true;
                    wordStart = true;
                    return i + 1;
                }
            }
            case '\n' -> {
                newline();
                guard.endCommand();
                return i;
            }
            case ' ', '\t', '>' -> {
                startsWord = true;
                guard.endWord();
            }
            case ';', '&', '|' -> {
                startsWord = true;
                guard.endCommand();
            }
            default -> guard.literal(c);
        }
        wordStart = startsWord;
        return i;
    }

    private int dollar(String line, int i) {
        wordStart = false;
        guard.expansion();
        if (at(line, i + 1) == '(' && at(line, i + 2) == '(') {
            push(Frame.ARITHMETIC);
            return i + 2;
        }
        if (at(line, i + 1) == '(') {
            push(Frame.COMMAND_SUBSTITUTION);
            return i + 1;
        }
        if (at(line, i + 1) == '{') {
            push(Frame.PARAMETER);
            return i + 1;
        }
        return i;
    }

    private void newline() {
        wordStart = true;
        if (hereDocPending) {
            inHereDoc = true;
        }
    }

    private void push(Frame frame) {
        guard.enterSubstitution();
        stack.push(new Open(frame, quote));
        quote = Insertion.Quote.NONE;
        parens = 0;
        wordStart = true;
    }

    private void pop() {
        guard.leaveSubstitution();
        quote = stack.pop().quoteOutside();
        parens = 0;
        wordStart = false;
    }

    private static char at(String line, int i) {
        return i < line.length() ? line.charAt(i) : '\0';
    }

    private Insertion insertionAt(TemplateToken.Slot slot, String line, int at) {
        if (inHereDoc) {
            throw refuse(slot, "inside a here-document");
        }
        if (escaped) {
            throw refuse(slot, "right after a backslash");
        }
        wordStart = false;
        if (comment) {
            return new Insertion(Insertion.Quote.COMMENT, false, false);
        }
        if (quote == Insertion.Quote.NONE && at > 0 && line.charAt(at - 1) == '$') {
            // $'…' and $"…" mean other things in bash: no quoting of the value is read back as written
            throw refuse(slot, "right after $");
        }
        int backticks = 0;
        for (Open open : stack) {
            switch (open.frame()) {
                case PARAMETER -> throw refuse(slot, "inside ${...}");
                case BACKTICK -> {
                    backticks++;
                    if (open.quoteOutside() == Insertion.Quote.DOUBLE) {
                        throw refuse(slot, "inside `...` within double quotes (use \"$(...)\" instead)");
                    }
                }
                default -> { }
            }
        }
        if (backticks > 1) {
            throw refuse(slot, "inside nested `...` (use $(...) instead)");
        }
        Open top = stack.peek();
        Insertion.Quote q = top != null && top.frame() == Frame.ARITHMETIC ? Insertion.Quote.ARITHMETIC : quote;
        return new Insertion(q, backticks == 1, bareSafe(q, line, at));
    }

    /**
     * Whether a value of GNU-safe characters may go unquoted at {@code at}: not continuing a {@code $NAME}
     * before it, not in a word with a {@code ~} (tilde prefix, also after {@code =} and {@code :}), not
     * followed by {@code =}, {@code (} or {@code [}, and not on a here-document's {@code <<} line.
     * Conservative: a false "no" only costs quotes.
     */
    private boolean bareSafe(Insertion.Quote q, String line, int at) {
        if (hereDocPending) {
            return false;
        }
        int i = at - 1;
        while (i >= 0 && isNameChar(line.charAt(i))) {
            i--;
        }
        if (i >= 0 && line.charAt(i) == '$') {
            return false;
        }
        if (q == Insertion.Quote.DOUBLE) {
            return true;
        }
        for (int j = at - 1; j >= 0 && WORD_ENDS.indexOf(line.charAt(j)) < 0; j--) {
            if (line.charAt(j) == '~') {
                return false;
            }
        }
        char next = at + 1 < line.length() ? line.charAt(at + 1) : ' ';
        return next != '=' && next != '(' && next != '[';
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static UnsupportedFeatureException refuse(TemplateToken.Slot slot, String where) {
        return new UnsupportedFeatureException("the replacement string " + slot.source() + " " + where
                + " cannot be quoted safely for the shell: not supported");
    }
}
