package dev.spool.cli.run;

import dev.spool.cli.UsageException;

/**
 * A {@code -j} value in GNU parallel's forms: {@code N}, {@code +N} (CPUs + N), {@code -N} (CPUs - N),
 * {@code N%} or {@code N.M%} (of the CPUs, rounded up), and {@code 0} (as many as possible). N is ASCII
 * digits only; nothing else is accepted (no sign combinations, exponents, blanks, {@code NaN} or
 * {@code Infinity}). {@link #parse(String)} checks the form; {@link #resolve(int)} turns it into a number
 * of slots for the machine's CPUs, and refuses a {@code -N} or percentage that leaves no slot, as GNU
 * parallel does.
 *
 * @param spec the option's value, as given (for messages)
 * @param form which of the forms it is
 * @param count N of {@code N}, {@code +N} and {@code -N}, saturated above {@link Integer#MAX_VALUE}; unused
 *              for {@link Form#PERCENT}
 * @param percent N of {@code N%}; unused for the other forms
 */
public record JobSlots(String spec, Form form, long count, double percent) {

    /*
     * Implementation notes. Parsing does arithmetic only, never allocates per slot: a huge but valid value
     * saturates at Integer.MAX_VALUE (GNU parallel accepts it and runs as many jobs as the system lets it,
     * which is for the runner to bound, not the parser). Digits are counted, not parsed, beyond ten, so a
     * 100 kB run of digits costs one scan. Percentages use double arithmetic like GNU parallel's Perl.
     */

    /** The forms of {@code -j}. */
    public enum Form {
        /** {@code N}; 0 means {@link #UNLIMITED}. */
        EXACT,
        /** {@code +N}: CPUs + N. */
        PLUS,
        /** {@code -N}: CPUs - N. */
        MINUS,
        /** {@code N%}: N percent of the CPUs, rounded up. */
        PERCENT
    }

    /** What {@code -j 0} means: GNU parallel runs as many as it can; we cap to keep file handles sane. */
    public static final int UNLIMITED = 250;

    /** The default: one job per CPU ({@code +0}). */
    public static final JobSlots ONE_PER_CPU = new JobSlots("+0", Form.PLUS, 0, -1);

    /** More digits than this are certainly beyond {@link Integer#MAX_VALUE} (which has 10). */
    private static final int MAX_INT_DIGITS = 10;

    /** Stands for any count above {@link Integer#MAX_VALUE}; CPUs plus or minus it cannot overflow a long. */
    private static final long BEYOND_INT = 1L << 40;

    /**
     * @param spec the option's value, as given
     * @return the value's form and number
     * @throws UsageException naming the value if it is not one of the forms above
     */
    public static JobSlots parse(String spec) {
        if (spec.endsWith("%")) {
            String percent = spec.substring(0, spec.length() - 1);
            int dot = percent.indexOf('.');
            boolean decimal = dot < 0 ? isDigits(percent)
                    : isDigits(percent.substring(0, dot)) && isDigits(percent.substring(dot + 1));
            if (!decimal) {
                throw bad(spec);
            }
            return new JobSlots(spec, Form.PERCENT, -1, Double.parseDouble(percent));
        }
        if (spec.startsWith("+") && isDigits(spec.substring(1))) {
            return new JobSlots(spec, Form.PLUS, digits(spec.substring(1)), -1);
        }
        if (spec.startsWith("-") && isDigits(spec.substring(1))) {
            return new JobSlots(spec, Form.MINUS, digits(spec.substring(1)), -1);
        }
        if (!isDigits(spec)) {
            throw bad(spec);
        }
        return new JobSlots(spec, Form.EXACT, digits(spec), -1);
    }

    /**
     * @param spec the option's value, as given
     * @param cpus the number of CPUs
     * @return the number of job slots, from 1 to {@link Integer#MAX_VALUE}
     * @throws UsageException naming the value if it is not one of the forms above, or leaves no slot
     */
    public static int parse(String spec, int cpus) {
        return parse(spec).resolve(cpus);
    }

    /**
     * @param cpus the number of CPUs
     * @return the number of job slots, from 1 to {@link Integer#MAX_VALUE}
     * @throws UsageException naming the value if it leaves no slot on {@code cpus} CPUs
     */
    public int resolve(int cpus) {
        return switch (form) {
            case PERCENT -> atLeastOne(cpus, saturate(Math.ceil(cpus * percent / 100.0)));
            case PLUS -> saturate((long) cpus + count);
            case MINUS -> atLeastOne(cpus, saturate((long) cpus - count));
            case EXACT -> count == 0 ? UNLIMITED : saturate(count);
        };
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value of a run of ASCII digits, or {@link #BEYOND_INT} if it has more than ten significant ones. */
    private static long digits(String s) {
        String significant = s.replaceFirst("^0+(?=.)", "");
        return significant.length() > MAX_INT_DIGITS ? BEYOND_INT : Long.parseLong(significant);
    }

    private static int saturate(long n) {
        return (int) Math.clamp(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static int saturate(double n) {
        return (int) Math.clamp(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** {@code slots}, if at least one: GNU parallel refuses a -j that leaves none. */
    private int atLeastOne(int cpus, int slots) {
        if (slots < 1) {
            throw new UsageException("-j: '" + spec + "' leaves no job slot on " + cpus + " CPUs: cannot run any jobs");
        }
        return slots;
    }

    private static UsageException bad(String spec) {
        return new UsageException("-j: '" + spec + "' is not a number of jobs (N, +N, -N, N% or 0)");
    }
}
