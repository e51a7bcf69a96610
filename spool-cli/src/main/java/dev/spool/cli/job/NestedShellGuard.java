package dev.spool.cli.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Refuses a replacement string whose value a second shell would parse as code: inside the script of
 * {@code sh -c SCRIPT} (and {@code bash}, {@code dash}, {@code zsh}, … with any option cluster holding
 * {@code c}), or in the arguments of {@code eval}. Spool quotes a value for the shell that runs the job
 * line; the inner shell gets the value unquoted inside its script, so {@code sh -c 'echo {}'} with
 * {@code $(touch x)} would run {@code touch}. The safe form passes the value as an argument:
 * {@code sh -c 'echo "$1"' sh {}}. A script (or the one argument of {@code eval}) that is nothing but the
 * replacement string is allowed: the values are then meant as commands, as with no command at all.
 *
 * <p>Fed by {@link ShellSyntaxScanner} with the words of the line as the outer shell splits them; single
 * use, not thread-safe.
 */
final class NestedShellGuard {

    /* Implementation notes
     *
     * The scanner reports literal characters, replacement strings, expansions (which make a word's text
     * unknown), word ends, command ends, and entering and leaving a substitution, each of which nests a
     * command of its own: one Command per level on a stack. A shell is recognised by the base name of any
     * earlier word of the same simple command, so prefixes such as env, xargs, nice, timeout, sudo or
     * find -exec need no list; after it, the first word of the form -[letters] holding c marks the next
     * word (skipping a --) as the script. An eval counts as the first word of a command, or after
     * command/builtin. False alarms (echo sh -c '{}x') only cost a refusal with the safe form shown.
     */

    /** Programs whose -c runs a shell script: the shells, and su and runuser, which hand it to one. */
    static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ksh93", "mksh", "pdksh",
            "ash", "yash", "posh", "busybox", "fish", "csh", "tcsh", "su", "runuser");

    private static final Set<String> EVAL_PREFIXES = Set.of("command", "builtin");

    /** One word as the outer shell sees it. */
    private static final class Word {
        final StringBuilder text = new StringBuilder();
        final List<TemplateToken.Slot> slots = new ArrayList<>();
        boolean expanded;
        boolean started;

        /** Nothing in the word but one replacement string (quotes aside). */
        boolean isOnlyOneSlot() {
            return slots.size() == 1 && text.isEmpty() && !expanded;
        }
    }

    /** A simple command being read. */
    private static final class Command {
        Word word = new Word();
        /** The next word may be the command's name: no word yet, or only assignments, command, builtin. */
        boolean commandNameNext = true;
        String shell;
        boolean scriptNext;
        boolean eval;
        final List<Word> evalArguments = new ArrayList<>();
    }

    private final Deque<Command> commands = new ArrayDeque<>();

    NestedShellGuard() {
        commands.push(new Command());
    }

    void literal(char c) {
        Word w = commands.peek().word;
        w.text.append(c);
        w.started = true;
    }

    /** A quote that opens or closes: no text, but the word exists ({@code ''}). */
    void quote() {
        commands.peek().word.started = true;
    }

    void slot(TemplateToken.Slot slot) {
        Word w = commands.peek().word;
        w.slots.add(slot);
        w.started = true;
    }

    /** A {@code $name} or other expansion: the word's text is not known. */
    void expansion() {
        Word w = commands.peek().word;
        w.expanded = true;
        w.started = true;
    }

    void enterSubstitution() {
        expansion();
        commands.push(new Command());
    }

    void leaveSubstitution() {
        endCommand();
        if (commands.size() > 1) {
            commands.pop();
        }
    }

    void endWord() {
        Command c = commands.peek();
        Word w = c.word;
        c.word = new Word();
        if (!w.started) {
            return;
        }
        String text = w.expanded ? null : w.text.toString();
        if (c.scriptNext) {
            if ("--".equals(text) && w.slots.isEmpty()) {
                return;
            }
            c.scriptNext = false;
            String shell = c.shell;
            c.shell = null;
            if (!w.slots.isEmpty() && !w.isOnlyOneSlot()) {
                throw new UnsupportedFeatureException("the replacement string " + w.slots.getFirst().source()
                        + " is inside the script of " + shell + " -c, where " + shell + " would run the value as"
                        + " code: pass it as an argument instead: " + shell + " -c '... \"$1\" ...' " + shell
                        + " " + w.slots.getFirst().source());
            }
            return;
        }
        if (c.eval) {
            c.evalArguments.add(w);
        }
        boolean commandName = c.commandNameNext;
        if (commandName && "eval".equals(text)) {
            c.eval = true;
        }
        c.commandNameNext = commandName && text != null && (EVAL_PREFIXES.contains(text) || isAssignment(text));
        if (text == null) {
            return;
        }
        String base = text.substring(text.lastIndexOf('/') + 1);
        if (SHELLS.contains(base)) {
            c.shell = base;
        } else if (c.shell != null && text.matches("-[A-Za-z]*c[A-Za-z]*")) {
            c.scriptNext = true;
        }
    }

    void endCommand() {
        endWord();
        Command c = commands.peek();
        if (c.eval) {
            boolean onlyOneSlot = c.evalArguments.size() == 1 && c.evalArguments.getFirst().isOnlyOneSlot();
            for (Word w : c.evalArguments) {
                if (!w.slots.isEmpty() && !onlyOneSlot) {
                    throw new UnsupportedFeatureException("the replacement string " + w.slots.getFirst().source()
                            + " is in the arguments of eval, where the shell would run the value as code:"
                            + " not supported");
                }
            }
        }
        commands.pop();
        commands.push(new Command());
    }

    /** Ends every open command, at the end of the line. */
    void endLine() {
        while (commands.size() > 1) {
            leaveSubstitution();
        }
        endCommand();
    }

    private static boolean isAssignment(String text) {
        return text.matches("[A-Za-z_][A-Za-z0-9_]*=.*");
    }
}
