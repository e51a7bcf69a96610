package dev.spool.outcome;

/** Thrown by {@link Outcome#valueOrThrow()} when the outcome is not a success. */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Outcome<?> outcome;

    public TaskFailedException(Outcome<?> outcome) {
        super(describe(outcome), outcome instanceof Outcome.Failed<?> f ? f.error() : null);
        this.outcome = outcome;
    }

    /** The outcome that was not a success. */
    public Outcome<?> outcome() {
        return outcome;
    }

    private static String describe(Outcome<?> outcome) {
        var info = outcome.info();
        String detail = switch (outcome) {
            case Outcome.Failed<?> f -> ": " + f.error();
            case Outcome.TimedOut<?> t -> " after " + t.timeout();
            case Outcome.Cancelled<?> c -> ": " + c.reason();
            case Outcome.NotRun<?> n -> ": " + n.reason();
            case Outcome.Succeeded<?> s -> "";
        };
        return "task " + info.seq() + " " + outcome.kind() + detail
                + " (attempts " + info.attempts() + (info.worker().isEmpty() ? "" : ", worker " + info.worker()) + ")";
    }
}
