package dev.spool.cli.run;

import dev.spool.cli.UsageException;
import dev.spool.cli.job.ShellQuoting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GNU parallel's {@code --_parset}, the option its {@code parset} shell function runs {@code parallel -k}
 * with: stdout becomes shell code that the function {@code eval}s, setting each job's output (its last
 * newline removed) into a variable. {@code var,A,B}: one variable per job, {@code A=OUTPUT}; {@code var,A}:
 * an array, {@code A=(OUTPUT ...)}; {@code assoc,A}: an associative array keyed by the job's values. The code
 * ends with {@code return STATUS}, the run's exit status. Used by the runner's caller thread only.
 */
public final class ParsetOutput {

    private enum Kind { VARIABLES, ARRAY, ASSOC }

    /** GNU parallel's legal names: {@code var}, {@code _v2ar}, {@code arrayentry[2]}. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z_0-9]*(\\[\\d+])?");

    private final Kind kind;
    private final List<String> names;
    private int next;
    private boolean tooFew;

    private ParsetOutput(Kind kind, List<String> names) {
        this.kind = kind;
        this.names = names;
    }

    /**
     * Reads {@code --_parset}'s value: {@code var,NAME[,NAME...]} or {@code assoc,NAME} (names split on
     * commas or blanks, as GNU parallel splits them).
     *
     * @throws UsageException naming a name that is not a shell variable's, or a kind that is neither
     */
    public static ParsetOutput of(String spec) {
        List<String> words = new ArrayList<>(List.of(spec.split("[ ,]")));
        words.removeIf(String::isEmpty);
        String kind = words.isEmpty() ? "" : words.removeFirst();
        List<String> illegal = words.stream().filter(w -> !NAME.matcher(w).matches()).toList();
        if (!illegal.isEmpty()) {
            throw new UsageException("parset: " + String.join(" ", illegal) + " is an invalid variable name."
                    + " Variable names must be letter followed by letters or digits.");
        }
        if (words.isEmpty() || !kind.equals("var") && !kind.equals("assoc")) {
            throw new UsageException("--_parset: '" + spec + "' is not var,NAME[,NAME...] or assoc,NAME");
        }
        Kind k = kind.equals("assoc") ? Kind.ASSOC : words.size() > 1 ? Kind.VARIABLES : Kind.ARRAY;
        return new ParsetOutput(k, List.copyOf(words));
    }

    /** What comes before the first job's output: the array's opening. */
    public String head() {
        return kind == Kind.VARIABLES ? "" : names.getFirst() + "=(";
    }

    /** The shell code for one finished job's stdout; null after the variables ran out (then nothing is set). */
    String entry(JobResult result) throws IOException {
        String prefix = switch (kind) {
            case ASSOC -> "[" + ShellQuoting.gnuQuote(String.join(" ", result.job().args() == null
                    ? List.of() : result.job().args().values())) + "]=";
            case ARRAY -> "";
            case VARIABLES -> next < names.size() ? names.get(next++) + "=" : null;
        };
        if (prefix == null) {
            tooFew = true;
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        result.stdout().writeTo(bytes);
        String out = bytes.toString(StandardCharsets.ISO_8859_1);
        if (out.endsWith("\n")) {
            out = out.substring(0, out.length() - 1); // "this often makes it easier to use the output in shell"
        }
        return prefix + ShellQuoting.gnuQuote(out) + "\n";
    }

    /** Whether a job had no variable left: GNU parallel's "Too few named destination variables". */
    public boolean tooFew() {
        return tooFew;
    }

    /** What ends the code: the array's closing, and {@code return STATUS} for the function's status. */
    public String end(int status) {
        return (kind == Kind.VARIABLES ? "" : ")\n") + "\nreturn " + status;
    }
}
