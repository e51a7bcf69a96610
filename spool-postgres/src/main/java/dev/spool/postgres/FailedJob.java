package dev.spool.postgres;

import java.time.Instant;

/**
 * A discarded job, for status views: its last attempt's error (the full text, stack trace included).
 */
public record FailedJob(long id, String queue, String task, int attempt, Instant finishedAt, String lastError) {}
