package dev.spool.cli.run;

import dev.spool.cli.UsageException;

/**
 * Parses {@code -j} in GNU parallel's forms: {@code N}, {@code +N} (CPUs + N), {@code -N} (CPUs - N),
 * {@code N%} or {@code N.M%} (of the CPUs, rounded up), and {@code 0} (as many as possible). N is ASCII
 * digits only; nothing else is accepted (no sign combinations, exponents, blanks, {@code NaN} or
 * {@code Infinity}). A {@code -N} or percentage that leaves no slot is an error, as in GNU parallel.
 */
public final class JobSlots {

    /*
     * Implementation notes. Parsing does arithmetic only, never allocates per slot: a huge but valid value
     * saturates at Integer.MAX_VALUE (GNU parallel accepts it and runs as many jobs as the system lets it,
     * which is for the runner to bound, not the parser). Digits are counted, not parsed, beyond ten, so a
     * 100 kB run of digits costs one scan. Percentages use double arithmetic like GNU parallel's Perl.
     */

    /** What {@code -j 0} means: GNU parallel runs as many as it can; we cap to keep file handles sane. */
    public static final int UNLIMITED = 250;

    /** More digits than this are certainly beyond {@link Integer#MAX_VALUE} (which has 10). */
    private static final int MAX_INT_DIGITS = 10;

    /** Stands for any count above {@link Integer#MAX_VALUE}; CPUs plus or minus it cannot overflow a long. */
    private static final long BEYOND_INT = 1L << 40;

    private JobSlots() {}

    /**
     * @param spec the option's value, as given
     * @param cpus the number of CPUs
     * @return the number of job slots, from 1 to {@link Integer#MAX_VALUE}
     * @throws UsageException naming the value if it is not one of the forms above, or leaves no slot
     */
    public static int parse(String spec, int cpus) {
        if (spec.endsWith("%")) {
            String percent = spec.substring(0, spec.length() - 1);
            int dot = percent.indexOf('.');
            boolean decimal = dot < 0 ? isDigits(percent)
                    : isDigits(percent.substring(0, dot)) && isDigits(percent.substring(dot + 1));
            if (!decimal) {
                throw bad(spec);
            }
            return atLeastOne(spec, cpus, saturate(Math.ceil(cpus * Double.parseDouble(percent) / 100.0)));
        }
        if (spec.startsWith("+") && isDigits(spec.substring(1))) {
            return saturate((long) cpus + digits(spec.substring(1)));
        }
        if (spec.startsWith("-") && isDigits(spec.substring(1))) {
            return atLeastOne(spec, cpus, saturate((long) cpus - digits(spec.substring(1))));
        }
        if (!isDigits(spec)) {
            throw bad(spec);
        }
        int n = saturate(digits(spec));
        return n == 0 ? UNLIMITED : n;
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
    private static int atLeastOne(String spec, int cpus, int slots) {
        if (slots < 1) {
            throw new UsageException("-j: '" + spec + "' leaves no job slot on " + cpus + " CPUs: cannot run any jobs");
        }
        return slots;
    }

    private static UsageException bad(String spec) {
        return new UsageException("-j: '" + spec + "' is not a number of jobs (N, +N, -N, N% or 0)");
    }
}
