package dev.spool.cli.run;

import dev.spool.cli.UsageException;
import java.util.Locale;

/**
 * GNU parallel's {@code --halt}: when to stop the run early. {@code never} (default), or
 * {@code now|soon,fail|success|done=N|N%}; GNU parallel's shorthands {@code 0}, {@code 1} (soon,fail=1)
 * and {@code 2} (now,fail=1) too.
 *
 * @param when NEVER, SOON (start no new jobs, let running ones finish) or NOW (kill running jobs)
 * @param on which jobs count: FAIL, SUCCESS or DONE
 * @param count the threshold as a count, or -1 if a percentage
 * @param percent the threshold as a percentage of all jobs, or -1
 */
public record HaltPolicy(When when, On on, long count, double percent) {

    public enum When { NEVER, SOON, NOW }

    public enum On { FAIL, SUCCESS, DONE }

    public static final HaltPolicy NEVER = new HaltPolicy(When.NEVER, On.FAIL, -1, -1);

    /** @throws UsageException naming the bad value */
    public static HaltPolicy parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "never", "0" -> {
                return NEVER;
            }
            case "1" -> {
                return new HaltPolicy(When.SOON, On.FAIL, 1, -1);
            }
            case "2" -> {
                return new HaltPolicy(When.NOW, On.FAIL, 1, -1);
            }
            default -> { }
        }
        String[] parts = s.split(",", 2);
        if (parts.length != 2) {
            throw bad(spec);
        }
        When when = switch (parts[0]) {
            case "now" -> When.NOW;
            case "soon" -> When.SOON;
            default -> throw bad(spec);
        };
        String[] kv = parts[1].split("=", 2);
        if (kv.length != 2) {
            throw bad(spec);
        }
        On on = switch (kv[0]) {
            case "fail" -> On.FAIL;
            case "success" -> On.SUCCESS;
            case "done" -> On.DONE;
            default -> throw bad(spec);
        };
        try {
            if (kv[1].endsWith("%")) {
                double percent = Double.parseDouble(kv[1].substring(0, kv[1].length() - 1));
                if (!(percent > 0 && percent <= 100)) {
                    throw bad(spec);
                }
                return new HaltPolicy(when, on, -1, percent);
            }
            long count = Long.parseLong(kv[1]);
            if (count < 1) {
                throw bad(spec);
            }
            return new HaltPolicy(when, on, count, -1);
        } catch (NumberFormatException e) {
            throw bad(spec);
        }
    }

    /**
     * Whether the run must halt, given the counts so far.
     *
     * @param total the number of jobs in all, or -1 if not known yet (percentages then wait)
     */
    public boolean triggered(long failed, long succeeded, long total) {
        if (when == When.NEVER) {
            return false;
        }
        long n = switch (on) {
            case FAIL -> failed;
            case SUCCESS -> succeeded;
            case DONE -> failed + succeeded;
        };
        if (count > 0) {
            return n >= count;
        }
        if (total <= 0) {
            return false;
        }
        return n * 100.0 / total >= percent;
    }

    private static UsageException bad(String spec) {
        return new UsageException("--halt: '" + spec
                + "' is not a halt policy (never, now|soon,fail|success|done=N|N%, 0, 1 or 2)");
    }
}
