package dev.spool.cli.bench;

import dev.spool.pool.WorkerKind;
import java.util.Locale;
import java.util.Optional;

/** A column of the matrix: the tasks run on the calling thread ({@code serial}) or on a pool of one kind. */
public enum BenchKind {
    SERIAL(null),
    PLATFORM(WorkerKind.PLATFORM),
    VIRTUAL(WorkerKind.VIRTUAL),
    PROCESS(WorkerKind.PROCESS);

    private final WorkerKind workerKind;

    BenchKind(WorkerKind workerKind) {
        this.workerKind = workerKind;
    }

    /** The pool's worker kind; empty for {@link #SERIAL}. */
    public Optional<WorkerKind> workerKind() {
        return Optional.ofNullable(workerKind);
    }

    /** The name on the command line and in the table: {@code serial}, {@code platform}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind called {@code name}, or empty. */
    public static Optional<BenchKind> parse(String name) {
        for (BenchKind kind : values()) {
            if (kind.label().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
