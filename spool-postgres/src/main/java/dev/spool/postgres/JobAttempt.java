package dev.spool.postgres;

/** One attempt of one job: what a completion is fenced by, and what the table reports as written. */
record JobAttempt(long id, int attempt) {

    static JobAttempt of(Completion completion) {
        return new JobAttempt(completion.id(), completion.attempt());
    }
}
