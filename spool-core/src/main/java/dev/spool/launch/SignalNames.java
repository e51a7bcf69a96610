package dev.spool.launch;

import java.util.Locale;

/**
 * Linux signal names and numbers (x86_64): {@code TERM} ↔ 15, {@code KILL} ↔ 9, and the real-time
 * signals as {@code RTMIN+n} / {@code RTMAX-n}. Stateless; any thread.
 */
public final class SignalNames {

    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };
    /** glibc reserves 32 and 33 for itself; applications see SIGRTMIN as 34. */
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    private SignalNames() {}

    /**
     * The number of a signal given as a name ({@code TERM}, {@code SIGTERM}, {@code term}; also
     * {@code IOT}, {@code POLL}, {@code CLD}, {@code RTMIN+n}) or a decimal number 1..64.
     *
     * @throws IllegalArgumentException naming {@code signal} if it is neither
     */
    public static int number(String signal) {
        String s = signal.strip().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n = s.length() > 2 ? -1 : Integer.parseInt(s);
            if (n < 1 || n > RTMAX) {
                throw new IllegalArgumentException("signal number must be 1.." + RTMAX + ", got \"" + signal + "\"");
            }
            return n;
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(s)) {
                return i;
            }
        }
        switch (s) {
            case "IOT": return 6;
            case "POLL": return 29;
            case "CLD": return 17;
            case "RTMIN": return RTMIN;
            case "RTMAX": return RTMAX;
            default: break;
        }
        int rt = realTime(s);
        if (rt > 0) {
            return rt;
        }
        throw new IllegalArgumentException("unknown signal \"" + signal + "\" (expected a name like TERM or a number 1.."
                + RTMAX + ")");
    }

    /** The name of signal {@code number} without the {@code SIG} prefix ({@code 15} → {@code TERM}). */
    public static String name(int number) {
        if (number >= 1 && number < NAMES.length) {
            return NAMES[number];
        }
        if (number >= RTMIN && number <= RTMAX) {
            int fromMin = number - RTMIN;
            int fromMax = RTMAX - number;
            return fromMin <= fromMax ? (fromMin == 0 ? "RTMIN" : "RTMIN+" + fromMin)
                                      : (fromMax == 0 ? "RTMAX" : "RTMAX-" + fromMax);
        }
        throw new IllegalArgumentException("no Linux signal has number " + number);
    }

    private static int realTime(String s) {
        try {
            if (s.startsWith("RTMIN+") || s.startsWith("RTMAX-")) {
                String digits = s.substring(6);
                if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return -1;
                }
                int k = Integer.parseInt(digits);
                int n = s.startsWith("RTMIN+") ? RTMIN + k : RTMAX - k;
                return n >= RTMIN && n <= RTMAX ? n : -1;
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
