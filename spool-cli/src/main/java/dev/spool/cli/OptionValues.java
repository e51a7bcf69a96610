package dev.spool.cli;

import dev.spool.cli.JoblogConverter.Joblog;
import dev.spool.cli.run.TimeoutSpec;
import dev.spool.launch.TermSequence;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The conversions of {@code spool run}'s typed option values that have no type of their own to live in. The
 * picocli converters named on the options delegate here, and {@link FastRunParser} calls here directly: a
 * class implementing picocli's (Java 5) interfaces cannot be kept in the JDK's AOT cache, so loading one
 * costs start-up time.
 */
final class OptionValues {

    private OptionValues() {}

    /** {@code --joblog}: a file name, or {@code +FILE} to append to it, as GNU parallel reads it. */
    static Joblog joblog(String value) {
        boolean append = value.startsWith("+");
        String name = append ? value.substring(1) : value;
        if (name.isEmpty()) {
            throw new UsageException("--joblog: '" + value + "' is not a file name");
        }
        return new Joblog(Path.of(RawArgs.toPlatform(name)), append);
    }

    /**
     * {@code --retries}: a whole number of attempts in all, at least 1 (GNU parallel's meaning:
     * {@code --retries 3} runs a failing job at most three times).
     */
    static Integer retries(String value) {
        int retries;
        try {
            retries = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--retries: '" + value + "' is not a whole number");
        }
        if (retries < 1) {
            throw new UsageException("--retries: '" + value + "' must be at least 1");
        }
        return retries;
    }

    /** {@code --termseq}: signals and the milliseconds to wait after each. */
    static TermSequence termseq(String value) {
        try {
            return TermSequence.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--termseq: " + e.getMessage(), e);
        }
    }

    /** {@code --delay}: seconds, or a duration with a unit ({@code 2m}); zero allowed. */
    static Duration delay(String value) {
        return TimeoutSpec.parseDuration(value, "--delay", true);
    }

    /**
     * {@code -s}: a number of characters, at least 1, with GNU parallel's units ({@code 10k} is 10000,
     * {@code 1K} 1024). A number beyond {@link Integer#MAX_VALUE} counts as that: any value above GNU
     * parallel's limit is warned about and replaced by the limit anyway.
     */
    static Integer maxChars(String value) {
        long chars;
        try {
            chars = dev.spool.cli.pipe.BlockSize.parse(value);
        } catch (UsageException e) {
            boolean zero = e.getMessage().endsWith("0 bytes");
            throw new UsageException("-s: '" + value + "' " + (zero ? "must be at least 1" : "is not a number of characters"), e);
        }
        if (chars < 1) {
            throw new UsageException("-s: '" + value + "' must be at least 1");
        }
        return (int) Math.min(chars, Integer.MAX_VALUE);
    }
}
