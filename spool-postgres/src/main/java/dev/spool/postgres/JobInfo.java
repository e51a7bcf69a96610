package dev.spool.postgres;

import java.time.Instant;
import java.util.List;

/**
 * A job as the table holds it, for inspection.
 *
 * @param attempt attempts started so far
 * @param outcome the last attempt's outcome ({@code succeeded}, {@code failed}, {@code timed_out}, {@code
 *     cancelled}, {@code lost}), or null before the first
 * @param errors the errors of failed or lost attempts, oldest first, as JSON objects
 */
public record JobInfo(long id, String queue, String task, JobState state, int priority, Instant runAt,
                      int attempt, int maxAttempts, String uniqueKey, List<String> tags, String worker,
                      boolean cancelRequested, String outcome, byte[] payload, byte[] result, String errors,
                      Instant createdAt, Instant finishedAt) {}
