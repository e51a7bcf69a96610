package dev.spool.cli.run;

import dev.spool.cli.UsageException;

/** Parses {@code -j}: {@code N}, {@code +N}, {@code -N}, {@code N%}, {@code 0} (as many as possible). */
public final class JobSlots {

    /** What {@code -j 0} means: GNU parallel runs as many as it can; we cap to keep file handles sane. */
    public static final int UNLIMITED = 250;

    private JobSlots() {}

    /**
     * @param spec the option's value
     * @param cpus the number of CPUs
     * @return the number of job slots, at least 1
     * @throws UsageException naming the bad value
     */
    public static int parse(String spec, int cpus) {
        String s = spec.trim();
        try {
            if (s.endsWith("%")) {
                double percent = Double.parseDouble(s.substring(0, s.length() - 1));
                if (percent < 0) {
                    throw bad(spec);
                }
                return Math.max(1, (int) Math.floor(cpus * percent / 100.0));
            }
            if (s.startsWith("+")) {
                return cpus + Integer.parseInt(s.substring(1));
            }
            if (s.startsWith("-")) {
                return Math.max(1, cpus - Integer.parseInt(s.substring(1)));
            }
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw bad(spec);
            }
            return n == 0 ? UNLIMITED : n;
        } catch (NumberFormatException e) {
            throw bad(spec);
        }
    }

    private static UsageException bad(String spec) {
        return new UsageException("-j: '" + spec + "' is not a number of jobs (N, +N, -N, N% or 0)");
    }
}
