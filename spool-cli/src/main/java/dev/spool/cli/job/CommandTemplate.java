package dev.spool.cli.job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command words of a run with their replacement strings, parsed once and rendered per job into a
 * {@link JobCommand}. Immutable and thread-safe.
 *
 * <p>Rendering follows GNU parallel 20221122: the words are joined with spaces; each replacement string is
 * replaced by its value, and by every value, space-separated, when the job has several ({@code -n}); with
 * {@code -N} (context replace) the whole word around it is repeated per value instead. A command with no
 * replacement string gets {@code {}} appended. A positional {@code {n}} out of range, and
 * {@link JobArgs#NO_ARG}, insert nothing (not even {@code ''}). Unknown forms such as {@code {x}},
 * {@code {..}} (without {@code --plus}) or {@code {1 }} are plain text. {@code {= perl =}} and the strings of
 * {@code --rpl} and {@code --plus} are evaluated by the run's {@link PerlCoprocess}, all of a job's at once;
 * their values are quoted like any value, unless the expression called {@code uq()}: then the value is
 * shell code, on purpose, and the job runs through the shell.
 *
 * <p>Execution form: a command whose literal text has no shell syntax (see
 * {@link ShellSyntaxScanner#SYNTAX_CHARS}) and does not start with a shell keyword or builtin runs
 * directly: each word of the line is one argument and each value stays inside its word, never split or
 * expanded. Otherwise it runs as {@code /bin/sh -c LINE} (or the {@link JobShell} given) with every value quoted for its place in the line
 * ({@link Insertion}). With no command at all the values are the commands ({@code parallel < jobs.txt}) and
 * run unquoted through the shell, as in GNU parallel.
 *
 * <p>Display: every job's {@link JobCommand#display()} is a shell line that does exactly what the job does,
 * so that {@code --dry-run}, {@code -v} and the joblog (which {@code --retry-failed} reruns through the
 * shell, as GNU parallel does) never show a line that would run a value as code. For a shell job it is the
 * very line {@code sh -c} runs. It is GNU parallel's line wherever GNU parallel quotes safely; where GNU
 * parallel's line would let a value out of its quotes ({@code echo '{}'}, {@code echo "{}"}, {@code $HO{}})
 * it differs.
 */
public final class CommandTemplate {

    /* Implementation notes
     *
     * Tokenisation and rendering mirror CommandLine::replace_placeholders in GNU parallel: tokens are the
     * word breaks between command words, single white-space chars, text runs and slots; in context mode
     * (-N) "groups" are the runs between space/tab/word-break tokens, and a group holding a non-positional
     * slot is copied once per value, the copies separated by a space. A tab ends a group but belongs to the
     * next one (GNU pushes it there). Rendering produces pieces (separator, literal, value); the three
     * outputs read the same pieces: the shell line quotes values for their context (and is the display of
     * a shell job), the direct argv cuts words at separators and keeps values whole, and a direct job's
     * display GNU-quotes each value in the template's text (which has no shell syntax, so nothing there can
     * join a value into code).
     *
     * {#} and {%} are positional {1} in disguise: GNU's Perl code for them starts with "1 ", which its
     * slot regex reads as a position. So they are inserted once per job, even with -n/-N.
     *
     * Difference from GNU parallel, on purpose: when a replacement string is part of the first word
     * (parallel {} ::: 'echo a'), GNU parallel stops quoting every value of the line; Spool keeps treating
     * values as data, and its display shows them quoted.
     */

    /** First words that only a shell understands: keywords and builtins without an executable. */
    static final Set<String> SHELL_WORDS = Set.of(
            "!", "{", "}", "[[", "]]", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for",
            "function", "if", "in", "select", "then", "time", "until", "while",
            ".", ":", "alias", "bg", "break", "builtin", "cd", "command", "continue", "declare", "eval",
            "exec", "exit", "export", "fc", "fg", "getopts", "hash", "jobs", "let", "local", "logout",
            "read", "readonly", "return", "set", "shift", "source", "times", "trap", "type", "typeset",
            "ulimit", "umask", "unalias", "unset", "wait");

    private final List<TemplateToken> tokens;
    private final boolean contextReplace;
    private final boolean valuesAreCommands;
    private final boolean viaShell;
    private final List<Insertion> insertions;
    private final String shell;
    /** {@code $PARALLEL_ENV}'s code, run before each shell job's line ({@link JobShell#prelude()}); or null. */
    private final String prelude;
    /** {@code -q}: each command word, with its values, is one argument; blanks in a word do not split it. */
    private final boolean quoteWords;
    /** Each slot's co-process expression id, -1 for a built-in string; null when no slot is Perl. */
    private final int[] perlIds;
    private final PerlCoprocess perl;

    private CommandTemplate(List<TemplateToken> tokens, boolean contextReplace, boolean valuesAreCommands,
            boolean viaShell, List<Insertion> insertions, JobShell shell) {
        this(tokens, contextReplace, valuesAreCommands, viaShell, insertions, shell, false, null, null);
    }

    private CommandTemplate(List<TemplateToken> tokens, boolean contextReplace, boolean valuesAreCommands,
            boolean viaShell, List<Insertion> insertions, JobShell shell, boolean quoteWords, int[] perlIds,
            PerlCoprocess perl) {
        this.quoteWords = quoteWords;
        this.prelude = shell.prelude();
        this.perlIds = perlIds;
        this.perl = perl;
        this.shell = shell.path();
        this.tokens = tokens;
        this.contextReplace = contextReplace;
        this.valuesAreCommands = valuesAreCommands;
        this.viaShell = viaShell;
        this.insertions = insertions;
    }

    /**
     * Parses the command words (ISO-8859-1 strings, as given after the options).
     *
     * @param words   the command and its arguments; empty when the values are the commands
     * @param names   the spelling of the replacement strings ({@code -I} and friends)
     * @param perJob  {@code -N} and {@code -X} switch on context replace
     * @throws UnsupportedFeatureException for {@code {= perl expression =}}, and for a replacement string
     *                                     where a shell line cannot quote it safely
     */
    public static CommandTemplate parse(List<String> words, ReplacementStrings names, ArgsPerJob perJob) {
        return parse(words, names, perJob, JobShell.SH);
    }

    /**
     * As {@link #parse(List, ReplacementStrings, ArgsPerJob)}, with shell jobs run by {@code shell}; a command
     * whose first word is one of its exported functions runs through it.
     */
    public static CommandTemplate parse(List<String> words, ReplacementStrings names, ArgsPerJob perJob,
                                        JobShell shell) {
        return parse(words, names, perJob, shell, true);
    }

    /**
     * As {@link #parse(List, ReplacementStrings, ArgsPerJob, JobShell)}; with {@code implicitValue} false, a
     * command without a replacement string gets no value appended: GNU parallel's {@code --pipe}, whose
     * jobs read their input on stdin.
     */
    public static CommandTemplate parse(List<String> words, ReplacementStrings names, ArgsPerJob perJob,
                                        JobShell shell, boolean implicitValue) {
        return parse(words, names, perJob, shell, implicitValue, false);
    }

    /**
     * As {@link #parse(List, ReplacementStrings, ArgsPerJob, JobShell, boolean)}; with {@code quoteWords}
     * (GNU parallel's {@code -q}), each command word, values included, is one argument, never read by a
     * shell: {@code -q bash -c 'wc -c <(echo {})'} gives bash the script with the value in it, as GNU
     * parallel does. Only a first word that is a shell function or keyword makes the job run through the
     * shell, with every word quoted.
     */
    public static CommandTemplate parse(List<String> words, ReplacementStrings names, ArgsPerJob perJob,
                                        JobShell shell, boolean implicitValue, boolean quoteWords) {
        words = mergePerlParts(words, names.perlOpen(), names.perlClose());
        if (words.isEmpty()) {
            List<TemplateToken> only = List.of(new TemplateToken.Slot(ReplacementKind.VALUE, false, 0, 0,
                    names.name(ReplacementKind.VALUE)));
            return new CommandTemplate(only, perJob.exact(), true, true,
                    List.of(new Insertion(Insertion.Quote.NONE, false, false)), shell);
        }
        List<TemplateToken> tokens = new TemplateTokenizer(names).tokenize(words, implicitValue);
        ShellSyntaxScanner.Result scanned = ShellSyntaxScanner.scan(tokens);
        String first = firstWordText(tokens);
        boolean viaShell = !quoteWords && scanned.hasShellSyntax() || SHELL_WORDS.contains(first)
                || shell.functions().contains(first) || shell.prelude() != null;
        if (viaShell && !quoteWords && shell == JobShell.SH && JobShell.bashOnly(literalText(tokens))) {
            shell = JobShell.bashFor(System.getenv()); // /bin/sh would refuse it, or read it otherwise
        }
        if (viaShell && perJob.exact() && !quoteWords) {
            refuseRepeatedQuoting(tokens);
        }
        return new CommandTemplate(List.copyOf(tokens), perJob.exact(), false, viaShell, scanned.insertions(),
                shell, quoteWords, compilePerl(tokens, names), names.coprocess());
    }

    /**
     * GNU parallel's {@code merge_rpl_parts}: a word with a {@code {=} that does not close is joined, with
     * spaces, to the words after it until it closes ({@code echo {= 's/a/b/' =}}).
     */
    private static List<String> mergePerlParts(List<String> words, String open, String close) {
        boolean any = false;
        for (String w : words) {
            any |= w.contains(open);
        }
        if (!any) {
            return words;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            StringBuilder word = new StringBuilder(words.get(i));
            while (hasOpenPerl(word.toString(), open, close) && i + 1 < words.size()) {
                word.append(' ').append(words.get(++i));
            }
            out.add(word.toString());
        }
        return out;
    }

    /**
     * Whether {@code s} has an {@code open} ({@code {=}) left once every pair is removed, as GNU parallel
     * removes them: the rightmost opening that a closing follows, each time ({@code ,,a,,} with {@code
     * --parens ,,,,} is one pair).
     */
    private static boolean hasOpenPerl(String s, String open, String close) {
        String rest = s;
        while (true) {
            int at = rest.lastIndexOf(open);
            if (at < 0) {
                return false;
            }
            int end = -1;
            for (; at >= 0; at = at == 0 ? -1 : rest.lastIndexOf(open, at - 1)) {
                end = rest.indexOf(close, at + open.length());
                if (end >= 0) {
                    break;
                }
            }
            if (at < 0) {
                return true;
            }
            rest = rest.substring(0, at) + rest.substring(end + close.length());
        }
    }

    /** The co-process id of each slot's Perl ({@code -1}: a built-in string), compiled now, before any job. */
    private static int[] compilePerl(List<TemplateToken> tokens, ReplacementStrings names) {
        List<TemplateToken.Slot> slots = new ArrayList<>();
        boolean anyPerl = false;
        for (TemplateToken t : tokens) {
            if (t instanceof TemplateToken.Slot s) {
                slots.add(s);
                anyPerl |= s.perl() != null;
            }
        }
        if (!anyPerl) {
            return null;
        }
        PerlCoprocess perl = names.coprocess();
        int[] ids = new int[slots.size()];
        for (TemplateToken.Slot s : slots) {
            if (s.perl() == null) {
                ids[s.index()] = -1;
            } else if (perl == null) {
                throw new UnsupportedFeatureException("the Perl replacement string " + s.source()
                        + " is not supported here");
            } else {
                ids[s.index()] = perl.compile(s.perl(), s.source());
            }
        }
        return ids;
    }

    /** {@link #parse(List, ReplacementStrings, ArgsPerJob)} with default names and one record per job. */
    public static CommandTemplate parse(List<String> words) {
        return parse(words, ReplacementStrings.DEFAULT, ArgsPerJob.ONE);
    }

    /** Whether a replacement string is Perl, evaluated by the run's {@link PerlCoprocess}. */
    public boolean usesPerl() {
        return perlIds != null;
    }

    /** Whether a Perl expression calls {@code total_jobs()}, so the run must count its jobs first. */
    public boolean needsTotalJobs() {
        return perlIds != null && tokens.stream().anyMatch(t -> t instanceof TemplateToken.Slot s
                && s.perl() != null && s.perl().contains("total_jobs"));
    }

    /**
     * GNU parallel's estimate of this template's command-line length, which {@code -s} limits and
     * {@code -m}/{@code -X}/{@code --xargs} fill up to.
     */
    public LineLength lineLength() {
        return LineLength.of(tokens, contextReplace, !valuesAreCommands && !LineLength.slotStartsCommand(tokens));
    }

    /** Whether jobs run through {@code sh -c}; the same for every job. */
    public boolean viaShell() {
        return viaShell;
    }

    /** Whether there was no command, so each job's values are its command line. */
    public boolean valuesAreCommands() {
        return valuesAreCommands;
    }

    /**
     * The command for {@code args}, in job slot {@code slot} (for {@code {%}}; from 1). Thread-safe: the
     * template is immutable, and each call builds its own pieces, argument vector and display line.
     */
    public JobCommand render(JobArgs args, int slot) {
        Renderer renderer = new Renderer(args, slot);
        List<Piece> pieces = renderer.render();
        JobCommand command = command(pieces, !viaShell && !renderer.hasCode);
        return renderer.skipped ? JobCommand.skippedJob(command.display()) : command;
    }

    private JobCommand command(List<Piece> pieces, boolean direct) {
        if (quoteWords) {
            return quotedWords(directArgv(pieces));
        }
        if (direct) {
            List<byte[]> argv = directArgv(pieces);
            if (!argv.isEmpty()) {
                return new JobCommand(argv, false, directLine(pieces, argv.getFirst()));
            }
        }
        StringBuilder line = new StringBuilder();
        for (Piece p : pieces) {
            switch (p) {
                case Piece.Separator s -> line.append(s.c());
                case Piece.Literal l -> line.append(l.text());
                case Piece.Value v ->
                        line.append(valuesAreCommands ? v.value() : insertions.get(v.slotIndex()).encode(v.value()));
                case Piece.Code c -> line.append(c.text());
                case Piece.Pending q -> throw new IllegalStateException("unevaluated: " + q);
            }
        }
        return shellJob(line.toString());
    }

    /** {@code SHELL -c LINE}, after {@code $PARALLEL_ENV}'s code if any; shown as {@code line}. */
    private JobCommand shellJob(String line) {
        String code = prelude == null ? line : prelude + "\n" + line;
        return new JobCommand(List.of(bytes(shell), bytes("-c"), bytes(code)), true, line);
    }

    /** {@code -q}: the words as arguments; the display (and a shell job's line) quotes each whole word. */
    private JobCommand quotedWords(List<byte[]> argv) {
        StringBuilder line = new StringBuilder();
        for (byte[] word : argv) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(ShellQuoting.gnuQuote(new String(word, StandardCharsets.ISO_8859_1)));
        }
        String text = line.toString();
        if (!viaShell && !argv.isEmpty()) {
            return new JobCommand(argv, false, text);
        }
        return shellJob(text);
    }

    /**
     * The words with each value inserted as it is, never quoted: a name, not a command ({@code --results
     * my_{}}). Thread-safe, as {@link #render(JobArgs, int)}.
     */
    public String renderPlain(JobArgs args, int slot) {
        StringBuilder text = new StringBuilder();
        for (Piece p : new Renderer(args, slot).render()) {
            switch (p) {
                case Piece.Separator s -> text.append(s.c());
                case Piece.Literal l -> text.append(l.text());
                case Piece.Value v -> text.append(v.value());
                case Piece.Code c -> text.append(c.text());
                case Piece.Pending q -> throw new IllegalStateException("unevaluated: " + q);
            }
        }
        return text.toString();
    }

    /** Whether {@code text} holds a replacement string ({@code {}}, {@code {1}}, {@code {.}}, ...) as {@code names} spell them. */
    public static boolean hasReplacementString(String text, ReplacementStrings names) {
        // the tokenizer appends a word with {} only to text that has none
        return new TemplateTokenizer(names).tokenize(List.of(text)).stream()
                .noneMatch(t -> t instanceof TemplateToken.WordBreak);
    }

    /**
     * A shell line that runs {@code argv} (cut from {@code pieces}): the template's text, which has no shell
     * syntax, with each value GNU-quoted; values are single-quoted in a first word that would otherwise read
     * as a reserved word ({@code {}} with the value {@code if}).
     */
    private static String directLine(List<Piece> pieces, byte[] program) {
        boolean reservedFirst = Insertion.RESERVED_WORDS.contains(new String(program, StandardCharsets.ISO_8859_1));
        boolean firstWord = true;
        StringBuilder line = new StringBuilder();
        for (Piece p : pieces) {
            switch (p) {
                case Piece.Separator s -> {
                    firstWord &= line.isEmpty();
                    line.append(s.c());
                }
                case Piece.Literal l -> line.append(l.text());
                case Piece.Value v -> line.append(reservedFirst && firstWord ? ShellQuoting.singleQuote(v.value())
                        : ShellQuoting.gnuQuote(v.value()));
                case Piece.Code c -> throw new IllegalStateException("code in a direct job: " + c);
                case Piece.Pending q -> throw new IllegalStateException("unevaluated: " + q);
            }
        }
        return line.toString();
    }

    /** Words cut at separators; a word exists if it has literal text or a value (even an empty one). */
    private static List<byte[]> directArgv(List<Piece> pieces) {
        List<byte[]> argv = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        boolean hasWord = false;
        for (Piece p : pieces) {
            switch (p) {
                case Piece.Separator s -> {
                    if (hasWord) {
                        argv.add(word.toByteArray());
                    }
                    word.reset();
                    hasWord = false;
                }
                case Piece.Literal l -> {
                    word.writeBytes(bytes(l.text()));
                    hasWord |= !l.text().isEmpty();
                }
                case Piece.Value v -> {
                    word.writeBytes(bytes(v.value()));
                    hasWord = true;
                }
                case Piece.Code c -> throw new IllegalStateException("code in a direct job: " + c);
                case Piece.Pending q -> throw new IllegalStateException("unevaluated: " + q);
            }
        }
        if (hasWord) {
            argv.add(word.toByteArray());
        }
        return argv;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The template's own text, without its replacement strings (values never choose the shell). */
    private static String literalText(List<TemplateToken> tokens) {
        StringBuilder b = new StringBuilder();
        for (TemplateToken t : tokens) {
            switch (t) {
                case TemplateToken.Text x -> b.append(x.text());
                case TemplateToken.Blank bl -> b.append(bl.c());
                default -> b.append(' ');
            }
        }
        return b.toString();
    }

    /** The literal text of the first word, or "" when it holds a replacement string. */
    private static String firstWordText(List<TemplateToken> tokens) {
        StringBuilder b = new StringBuilder();
        for (TemplateToken t : tokens) {
            switch (t) {
                case TemplateToken.WordBreak w -> {
                    return b.toString();
                }
                case TemplateToken.Blank bl -> {
                    if (bl.separatesWords()) {
                        return b.toString();
                    }
                    b.append(bl.c());
                }
                case TemplateToken.Text x -> b.append(x.text());
                case TemplateToken.Slot s -> {
                    return "";
                }
                case TemplateToken.EmptyWord e -> { }
            }
        }
        return b.toString();
    }

    /** With -N a word holding {} is repeated per value; repeating shell quotes would unbalance them. */
    private static void refuseRepeatedQuoting(List<TemplateToken> tokens) {
        StringBuilder group = new StringBuilder();
        boolean repeated = false;
        for (TemplateToken t : tokens) {
            boolean ends = t instanceof TemplateToken.WordBreak
                    || t instanceof TemplateToken.Blank b && b.separatesWords();
            if (ends) {
                check(group, repeated);
                group.setLength(0);
                repeated = false;
            }
            switch (t) {
                case TemplateToken.Text x -> group.append(x.text());
                case TemplateToken.Slot s -> {
                    group.append(s.source());
                    repeated |= !s.positional();
                }
                default -> { }
            }
        }
        check(group, repeated);
    }

    private static void check(CharSequence group, boolean repeated) {
        if (!repeated) {
            return;
        }
        for (int i = 0; i < group.length(); i++) {
            if ("'\"`$()\\".indexOf(group.charAt(i)) >= 0) {
                throw new UnsupportedFeatureException("with -N the word " + group + " is repeated once per value,"
                        + " which would break its shell quoting: not supported");
            }
        }
    }

    /** What rendering produces before it becomes a display line, a shell line or an argv. */
    private sealed interface Piece {
        /** A space or tab between words. */
        record Separator(char c) implements Piece {}

        /** Template text. */
        record Literal(String text) implements Piece {}

        /** An inserted value (possibly empty); absent values produce no piece. */
        record Value(String value, int slotIndex) implements Piece {}

        /** A Perl expression's value that called {@code uq()}: shell code, inserted as it is. */
        record Code(String text) implements Piece {}

        /** A Perl expression's value, until the job's requests are answered: request number {@code request}. */
        record Pending(int request, int slotIndex) implements Piece {}
    }

    /** Renders one job; single use. */
    private final class Renderer {
        private final List<String> values;
        private final long seq;
        private final int slot;
        private final List<Piece> out = new ArrayList<>();
        private final List<PerlCoprocess.Request> requests = new ArrayList<>();
        /** Whether an expression called {@code skip()}. */
        boolean skipped;
        /** Whether an expression called {@code uq()}: its value is code, so the job runs through the shell. */
        boolean hasCode;

        Renderer(JobArgs args, int slot) {
            this.values = args.values().isEmpty() ? List.of("") : args.values();
            this.seq = args.seq();
            this.slot = slot;
        }

        List<Piece> render() {
            if (contextReplace) {
                renderGroups();
            } else {
                for (TemplateToken t : tokens) {
                    if (t instanceof TemplateToken.Slot s) {
                        expand(List.of(s));
                    } else {
                        emit(t);
                    }
                }
            }
            if (!requests.isEmpty()) {
                evaluatePerl();
            }
            return out;
        }

        /** Asks perl for every expression's value at once, and puts them in place of the pending pieces. */
        private void evaluatePerl() {
            PerlCoprocess.Answer answer = perl.evaluate(seq, slot, values, requests);
            skipped = answer.skip();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) instanceof Piece.Pending p) {
                    PerlCoprocess.Value v = answer.values().get(p.request());
                    boolean code = v.unquoted() && !quoteWords;
                    hasCode |= code && !valuesAreCommands;
                    out.set(i, JobArgs.isNoArg(v.text()) ? new Piece.Literal("")
                            : code ? new Piece.Code(v.text()) : new Piece.Value(v.text(), p.slotIndex()));
                }
            }
        }

        private void renderGroups() {
            List<TemplateToken> group = new ArrayList<>();
            for (int i = 0; i <= tokens.size(); i++) {
                TemplateToken t = i < tokens.size() ? tokens.get(i) : null;
                boolean space = t instanceof TemplateToken.WordBreak
                        || t instanceof TemplateToken.Blank b && b.c() == ' ';
                boolean ends = t == null || space || t instanceof TemplateToken.Blank b && b.c() == '\t';
                if (ends) {
                    if (group.stream().anyMatch(g -> g instanceof TemplateToken.Slot)) {
                        expand(group);
                    } else {
                        group.forEach(this::emit);
                    }
                    group.clear();
                }
                if (space) {
                    emit(t);
                } else if (t != null) {
                    group.add(t);
                }
            }
        }

        /** Emits {@code group} once per value (separated by spaces), or once if it has only positional slots. */
        private void expand(List<TemplateToken> group) {
            boolean first = true;
            for (int v = 0; v < values.size(); v++) {
                if (!first) {
                    out.add(new Piece.Separator(' '));
                }
                first = false;
                boolean normal = false;
                for (TemplateToken t : group) {
                    if (t instanceof TemplateToken.Slot s) {
                        normal |= !s.positional();
                        insert(s, s.positional() ? positionalIndex(s.position()) : v);
                    } else {
                        emit(t);
                    }
                }
                if (!normal) {
                    return;
                }
            }
        }

        /** The index of the value at a GNU parallel position (1-based; 0 and negatives count from the end), or -1. */
        private int positionalIndex(long position) {
            int n = values.size();
            long index = position > 0 ? position - 1 : n + position;
            if (index < 0) {
                index += n;
            }
            return index < 0 || index >= n ? -1 : (int) index;
        }

        private void insert(TemplateToken.Slot s, int index) {
            if (index < 0) {
                return;
            }
            String value = values.get(index);
            if (s.perl() != null) {
                // as GNU parallel, also for a value not inserted (-N0, --pipe): $_ is its marker, and a
                // value still equal to the marker is dropped when the answers come
                out.add(new Piece.Pending(requests.size(), s.index()));
                requests.add(new PerlCoprocess.Request(perlIds[s.index()], index + 1));
                return;
            }
            String replaced = s.kind().apply(value, seq, slot);
            if (!JobArgs.isNoArg(replaced)) {
                out.add(new Piece.Value(replaced, s.index()));
            }
        }

        private void emit(TemplateToken t) {
            switch (t) {
                case TemplateToken.WordBreak w -> out.add(new Piece.Separator(' '));
                case TemplateToken.Blank b ->
                        out.add(b.separatesWords() && !quoteWords ? new Piece.Separator(b.c()) : new Piece.Literal(String.valueOf(b.c())));
                case TemplateToken.Text x -> out.add(new Piece.Literal(x.text()));
                case TemplateToken.EmptyWord e -> out.add(new Piece.Literal(""));
                case TemplateToken.Slot s -> throw new IllegalStateException("slot emitted as text: " + s);
            }
        }
    }
}
