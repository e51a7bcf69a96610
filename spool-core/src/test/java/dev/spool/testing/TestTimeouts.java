package dev.spool.testing;

import java.time.Duration;

/**
 * The one place test timeouts come from. Every timeout is a multiple of {@link #SCALE}, read from the
 * system property {@code spool.test.timeoutScale} (default 1; raise it on a slow machine).
 */
public final class TestTimeouts {

    /** Multiplies every timeout. */
    public static final double SCALE = Double.parseDouble(System.getProperty("spool.test.timeoutScale", "1"));

    /** For something that should happen at once: a handoff, a wake-up. */
    public static final Duration SHORT = scaled(Duration.ofSeconds(5));

    /** For a whole test's work, a stress loop's deadline. */
    public static final Duration LONG = scaled(Duration.ofSeconds(60));

    /** A wait that is expected to expire: long enough to be meaningful, short enough to keep tests quick. */
    public static final Duration EXPECTED_EXPIRY = scaled(Duration.ofMillis(50));

    private TestTimeouts() {}

    /** {@code base} times {@link #SCALE}. */
    public static Duration scaled(Duration base) {
        return Duration.ofNanos((long) (base.toNanos() * SCALE));
    }
}
