package dev.spool.cli.job;

/**
 * A GNU parallel feature that Spool deliberately does not support, such as {@code {= perl expression =}}.
 * The message names the feature and says that it is not supported.
 */
public final class UnsupportedFeatureException extends JobSpecException {
    private static final long serialVersionUID = 1L;

    /** {@code feature} is not supported; {@code detail} says what the user wrote or what to do instead. */
    public UnsupportedFeatureException(String message) {
        super(message);
    }
}
