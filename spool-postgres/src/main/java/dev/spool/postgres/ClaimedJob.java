package dev.spool.postgres;

/**
 * A job this worker claimed: it holds the lease of attempt {@code attempt} until it completes or releases it.
 */
record ClaimedJob(long id, String queue, String task, byte[] payload, int attempt, int maxAttempts) {}
