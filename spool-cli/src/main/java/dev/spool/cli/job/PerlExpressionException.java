package dev.spool.cli.job;

/**
 * A Perl expression ({@code {= =}}, {@code --rpl}, {@code --plus}) died while a job's command was made, or
 * the {@code perl} that evaluates them ended. The run cannot go on (GNU parallel dies too): the command
 * prints the message, which names the expression, and exits 255.
 */
public final class PerlExpressionException extends JobSpecException {
    private static final long serialVersionUID = 1L;

    PerlExpressionException(String message) {
        super(message);
    }

    PerlExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
