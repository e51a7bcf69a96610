package dev.spool.pool;

import dev.spool.stop.StopToken;

/**
 * What a running attempt knows of itself.
 *
 * @param seq the task's sequence number in its pool, from 1
 * @param attempt the attempt, from 1
 * @param worker the worker's identity: a thread name, or {@code pid N} for a process worker
 * @param stopToken requested when the pool stops; check it between units of work
 */
public record TaskContext(long seq, int attempt, String worker, StopToken stopToken) {}
