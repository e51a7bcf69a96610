/**
 * Watching pools work: the {@link dev.spool.monitor.PoolEvent} stream and its {@link
 * dev.spool.monitor.PoolListener}s.
 *
 * <ul>
 *   <li>{@link dev.spool.monitor.StatsCollector}: live counters, rates, latency percentiles and ETA, read as
 *       an immutable {@link dev.spool.monitor.Stats} snapshot (one line via {@code toString()}).
 *   <li>{@link dev.spool.monitor.LatencyHistogram}: the lock-free, fixed-size histogram behind the
 *       percentiles.
 *   <li>{@link dev.spool.monitor.LoggingListener}: every event to {@link java.lang.System.Logger} at a
 *       fitting level; {@link dev.spool.monitor.SpoolLogFormatter}: a one-line JUL format that names time,
 *       level, thread and logger.
 * </ul>
 *
 * <p>Listeners run synchronously on the pool's worker threads; every listener here is thread-safe and
 * takes no lock.
 */
package dev.spool.monitor;
