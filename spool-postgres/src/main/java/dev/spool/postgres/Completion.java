package dev.spool.postgres;

/**
 * What a worker records for one attempt: its next state and outcome. Fenced by {@code attempt}: it applies
 * only while the job is still running that attempt.
 *
 * @param state {@code succeeded}, {@code available} (a retry after {@code delayMillis}), {@code discarded},
 *     {@code cancelled}, or {@code released} (never started: back to available, the attempt not counted)
 * @param outcome the attempt's outcome for the table, or null for a release
 * @param error the error text of a failed attempt, or null
 */
record Completion(long id, int attempt, String state, String outcome, byte[] result, String error,
                  long delayMillis) {

    static Completion released(ClaimedJob job) {
        return new Completion(job.id(), job.attempt(), "released", null, null, null, 0);
    }
}
