package dev.spool.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A durable work queue in a PostgreSQL database, shared by any number of producers and workers on any
 * number of machines. Jobs are rows of {@code <schema>.jobs}; see {@link JobState} for their life.
 *
 * <pre>{@code
 * PgQueue.migrate(settings);                          // once per deployment, or at start: safe to repeat
 * try (PgQueue queue = PgQueue.open(settings)) {
 *     queue.enqueue(NewJob.of("emails", "send").payload(json, email));
 * }
 * }</pre>
 *
 * <h2>The guarantee</h2>
 * At-least-once execution: a job runs until one attempt is recorded as finished, up to its max attempts; an
 * attempt whose worker dies (crash, SIGKILL, lost machine or connection) is rescued when its lease expires
 * and tried again. Exactly one recorded outcome per attempt: the outcome of an attempt is written only while
 * the job still runs that attempt (the fence), so a worker that was presumed dead and completes late is
 * refused and cannot overwrite the rescued run's result. A task that must not repeat its effects when run
 * twice should make them idempotent: key them on the job's id (the {@link dev.spool.pool.TaskContext#seq()
 * seq} a worker passes), or write them in the same database transaction as nothing else can.
 *
 * <p>Thread-safe. Every statement binds its values as parameters; only the validated schema name is part
 * of the SQL text.
 */
public final class PgQueue implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * Every state transition is one statement, atomic by itself; none holds a lock across a round trip.
     * Claim: SELECT ... FOR UPDATE SKIP LOCKED over the partial index of available jobs, in an ARRAY()
     * subquery (a join with a CTE led the planner to hash the whole table), then UPDATE those rows to running with attempt + 1 and a lease on the database's clock (no machine's clock
     * matters for leases). Concurrent claimers skip each other's locked rows and never wait.
     * Completion: one UPDATE over unnest() arrays for a whole batch, with "attempt = the attempt claimed
     * AND state = 'running'" in the WHERE clause: the fence. Rows the fence refuses are not returned.
     * Heartbeat: one UPDATE over the worker's running (id, attempt) pairs, skipping rows locked by a
     * completion in flight (never waiting: no lock cycle with the completer); rows neither updated nor
     * still running that attempt are no longer this worker's. Completions are written in id order, so
     * that two workers' batches lock shared rows (a rescued job's late and new attempts) in one order.
     * Rescue: like claim, over running jobs whose lease passed.
     * Enqueue: one INSERT ... SELECT over unnest() arrays, ids drawn from the identity's sequence in a CTE
     * so that the caller learns which rows a unique key skipped (ON CONFLICT DO NOTHING), then a
     * pg_notify per queue in the same transaction (delivered at commit, so never before the rows exist).
     */


    private final PgSettings settings;
    private final HikariDataSource dataSource;
    private final String jobs;
    private final String channel;
    private final String enqueueSql;
    private final String enqueuePlainSql;
    private final JobStatements statements;

    private PgQueue(PgSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.jobs = settings.quotedSchema() + ".jobs";
        this.channel = "spool_" + settings.schema();
        this.enqueueSql = """
                WITH input AS (
                  SELECT nextval('%2$s') AS id, u.*
                  FROM unnest(?::text[], ?::text[], ?::bytea[], ?::int[], ?::bigint[], ?::bigint[], ?::int[],
                              ?::text[], ?::text[]) WITH ORDINALITY
                       AS u(queue, task, payload, priority, run_at_ms, delay_ms, max_attempts, unique_key, tags, ord)
                ), ins AS (
                  INSERT INTO %1$s (id, queue, task, payload, priority, run_at, max_attempts, unique_key, tags)
                  SELECT id, queue, task, payload, priority,
                         CASE WHEN run_at_ms IS NOT NULL THEN to_timestamp(run_at_ms / 1000.0)
                              ELSE now() + coalesce(delay_ms, 0) * interval '1 millisecond' END,
                         max_attempts, unique_key, coalesce(string_to_array(tags, E'\\x1f'), '{}')
                  FROM input ORDER BY ord
                  ON CONFLICT DO NOTHING
                  RETURNING id
                )
                SELECT input.ord, ins.id FROM input LEFT JOIN ins ON ins.id = input.id ORDER BY input.ord
                """.formatted(jobs, settings.quotedSchema() + ".jobs_id_seq");
        // Without unique keys every row is inserted: no conflict handling, no join back to the input; the
        // ids, drawn in input order (ORDER BY ord), come back sorted.
        this.enqueuePlainSql = """
                INSERT INTO %1$s (queue, task, payload, priority, run_at, max_attempts, unique_key, tags)
                SELECT queue, task, payload, priority,
                       CASE WHEN run_at_ms IS NOT NULL THEN to_timestamp(run_at_ms / 1000.0)
                            ELSE now() + coalesce(delay_ms, 0) * interval '1 millisecond' END,
                       max_attempts, unique_key, coalesce(string_to_array(tags, E'\\x1f'), '{}')
                FROM unnest(?::text[], ?::text[], ?::bytea[], ?::int[], ?::bigint[], ?::bigint[], ?::int[],
                            ?::text[], ?::text[]) WITH ORDINALITY
                     AS u(queue, task, payload, priority, run_at_ms, delay_ms, max_attempts, unique_key, tags, ord)
                ORDER BY ord
                RETURNING id
                """.formatted(jobs);
        this.statements = new JobStatements(dataSource, jobs, channel);
    }

    // ---- opening ----

    /**
     * Opens the queue: a connection pool to the database, and a check that every migration is applied.
     *
     * @throws PgConnectException if the database cannot be reached or refuses the credentials (the message
     *     names the URL, without a password, and the user)
     * @throws SchemaNotReadyException if Spool's schema is missing or lacks a migration (the message names it)
     */
    public static PgQueue open(PgSettings settings) {
        Objects.requireNonNull(settings, "settings");
        HikariDataSource dataSource = dataSource(settings);
        try (Connection connection = dataSource.getConnection()) {
            Migrations.check(connection, settings);
        } catch (SQLException e) {
            dataSource.close();
            throw new PgConnectException("cannot check Spool's schema '" + settings.schema() + "' at "
                    + settings.redactedUrl() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new PgQueue(settings, dataSource);
    }

    /**
     * Creates Spool's schema or brings it up to date. Safe to call from several machines at once.
     *
     * @return the migration versions this call applied
     * @throws PgConnectException if the database cannot be reached
     */
    public static List<Integer> migrate(PgSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try (Connection connection = java.sql.DriverManager.getConnection(settings.url(),
                settings.connectionProperties())) {
            return Migrations.migrate(connection, settings);
        } catch (SQLException e) {
            throw new PgConnectException("cannot migrate Spool's schema '" + settings.schema() + "' at "
                    + settings.redactedUrl() + (settings.user() == null ? "" : " as " + settings.user())
                    + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource dataSource(PgSettings settings) {
        var config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.maxConnections());
        config.setMinimumIdle(1);
        config.setPoolName("spool-pg-" + settings.schema());
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PgConnectException("cannot connect to PostgreSQL at " + settings.redactedUrl()
                    + (settings.user() == null ? "" : " as " + settings.user()) + ": " + cause.getMessage(), e);
        }
    }

    /** The settings this queue was opened with. */
    public PgSettings settings() {
        return settings;
    }

    /** A connection from the queue's pool, for callers that want to enqueue in their own transaction. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Closes the connection pool. Workers using this queue must be stopped first. */
    @Override
    public void close() {
        dataSource.close();
    }

    // ---- enqueue ----

    /**
     * Enqueues one job, committed at once.
     *
     * @return its id, or empty if its unique key is held by a pending or running job of its queue
     */
    public OptionalLong enqueue(NewJob job) throws SQLException {
        long id = enqueueAll(List.of(job))[0];
        return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /**
     * Enqueues {@code jobs} in one statement (tens of thousands at a time are fine), committed at once.
     *
     * @return each job's id in the order given, 0 for one skipped because its unique key is taken
     */
    public long[] enqueueAll(List<NewJob> jobs) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return enqueueAll(connection, jobs);
        }
    }

    /**
     * Enqueues {@code jobs} on the caller's connection, inside its transaction if one is open: the jobs
     * exist, and workers are woken, only if that transaction commits. The connection is neither committed
     * nor closed.
     *
     * @return each job's id in the order given, 0 for one skipped because its unique key is taken
     */
    public long[] enqueueAll(Connection connection, List<NewJob> jobs) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(jobs, "jobs");
        int n = jobs.size();
        long[] ids = new long[n];
        if (n == 0) {
            return ids;
        }
        String[] queues = new String[n];
        String[] tasks = new String[n];
        byte[][] payloads = new byte[n][];
        Integer[] priorities = new Integer[n];
        Long[] runAts = new Long[n];
        Long[] delays = new Long[n];
        Integer[] maxAttempts = new Integer[n];
        String[] uniqueKeys = new String[n];
        String[] tags = new String[n];
        Set<String> queueNames = new LinkedHashSet<>();
        boolean anyUniqueKey = false;
        for (int i = 0; i < n; i++) {
            NewJob job = Objects.requireNonNull(jobs.get(i), "jobs[" + i + "]");
            queues[i] = job.queue();
            tasks[i] = job.task();
            payloads[i] = job.payload();
            priorities[i] = job.priority();
            runAts[i] = job.runAt() == null ? null : job.runAt().toEpochMilli();
            delays[i] = job.delay() == null ? null : job.delay().toMillis();
            maxAttempts[i] = job.maxAttempts();
            uniqueKeys[i] = job.uniqueKey();
            anyUniqueKey |= job.uniqueKey() != null;
            tags[i] = job.tags().isEmpty() ? null : String.join("\u001f", job.tags());
            queueNames.add(job.queue());
        }
        try (PreparedStatement insert = connection.prepareStatement(anyUniqueKey ? enqueueSql : enqueuePlainSql)) {
            insert.setArray(1, connection.createArrayOf("text", queues));
            insert.setArray(2, connection.createArrayOf("text", tasks));
            insert.setArray(3, connection.createArrayOf("bytea", payloads));
            insert.setArray(4, connection.createArrayOf("int4", priorities));
            insert.setArray(5, connection.createArrayOf("int8", runAts));
            insert.setArray(6, connection.createArrayOf("int8", delays));
            insert.setArray(7, connection.createArrayOf("int4", maxAttempts));
            insert.setArray(8, connection.createArrayOf("text", uniqueKeys));
            insert.setArray(9, connection.createArrayOf("text", tags));
            try (ResultSet rows = insert.executeQuery()) {
                if (anyUniqueKey) {
                    while (rows.next()) {
                        long id = rows.getLong(2);
                        ids[rows.getInt(1) - 1] = rows.wasNull() ? 0 : id;
                    }
                } else {
                    for (int i = 0; rows.next(); i++) {
                        ids[i] = rows.getLong(1);
                    }
                    Arrays.sort(ids);
                }
            }
        }
        JobStatements.notifyQueues(connection, channel, queueNames);
        return ids;
    }

    // ---- inspect, cancel, retry, clean ----

    private static final String JOB_COLUMNS = """
            id, queue, task, state, priority, run_at, attempt, max_attempts, unique_key, tags,
            worker, cancel_requested, outcome, payload, result, errors::text, created_at, finished_at""";

    /** The job with {@code id}, if it exists. */
    public Optional<JobInfo> job(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + JOB_COLUMNS + " FROM " + jobs + " WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(jobInfo(row)) : Optional.empty();
            }
        }
    }

    /**
     * The jobs of {@code queue} with an id above {@code afterId}, in id order, at most {@code limit}: pages
     * through a queue (pass the last id seen), for exports and reports.
     */
    public List<JobInfo> jobs(String queue, long afterId, int limit) throws SQLException {
        Objects.requireNonNull(queue, "queue");
        List<JobInfo> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM " + jobs
                     + " WHERE queue = ? AND id > ? ORDER BY id LIMIT ?")) {
            select.setString(1, queue);
            select.setLong(2, afterId);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(jobInfo(rows));
                }
            }
        }
        return found;
    }

    /** Those of the jobs {@code ids} that are finished (succeeded, discarded or cancelled), in id order. */
    public List<JobInfo> finishedJobs(long[] ids) throws SQLException {
        List<JobInfo> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM " + jobs
                     + " WHERE id = ANY(?) AND state IN ('succeeded', 'discarded', 'cancelled') ORDER BY id")) {
            Long[] boxed = new Long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                boxed[i] = ids[i];
            }
            select.setArray(1, connection.createArrayOf("bigint", boxed));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(jobInfo(rows));
                }
            }
        }
        return found;
    }

    private static JobInfo jobInfo(ResultSet row) throws SQLException {
        Array tags = row.getArray(10);
        return new JobInfo(row.getLong(1), row.getString(2), row.getString(3),
                JobState.ofSql(row.getString(4)), row.getInt(5), row.getTimestamp(6).toInstant(),
                row.getInt(7), row.getInt(8), row.getString(9), List.of((String[]) tags.getArray()),
                row.getString(11), row.getBoolean(12), row.getString(13), row.getBytes(14),
                row.getBytes(15), row.getString(16), row.getTimestamp(17).toInstant(),
                row.getTimestamp(18) == null ? null : row.getTimestamp(18).toInstant());
    }

    /** The number of jobs in each state, for {@code queue} or, if null, for every queue. */
    public Map<JobState, Long> counts(String queue) throws SQLException {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT state, count(*) FROM " + jobs + " WHERE (?::text IS NULL OR queue = ?) GROUP BY state")) {
            select.setString(1, queue);
            select.setString(2, queue);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(JobState.ofSql(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * The number of jobs of {@code queue} (every queue if null) that finished within {@code window}: the
     * recent throughput.
     */
    public long finishedWithin(String queue, Duration window) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM " + jobs
                     + " WHERE state IN ('succeeded', 'discarded', 'cancelled')"
                     + " AND finished_at > now() - ? * interval '1 millisecond' AND (?::text IS NULL OR queue = ?)")) {
            select.setLong(1, window.toMillis());
            select.setString(2, queue);
            select.setString(3, queue);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The latest discarded jobs of {@code queue} (every queue if null), newest first. */
    public List<FailedJob> latestFailures(String queue, int limit) throws SQLException {
        List<FailedJob> failures = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT id, queue, task, attempt, finished_at, errors -> -1 ->> 'error' FROM %s
                     WHERE state = 'discarded' AND (?::text IS NULL OR queue = ?)
                     ORDER BY finished_at DESC LIMIT ?""".formatted(jobs))) {
            select.setString(1, queue);
            select.setString(2, queue);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    failures.add(new FailedJob(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getTimestamp(5).toInstant(), rows.getString(6)));
                }
            }
        }
        return failures;
    }

    /**
     * The number of jobs of {@code queue} not finished yet (available, delayed or running): a cheap check
     * through the partial indexes, for waiting until a queue is drained.
     */
    public long unfinished(String queue) throws SQLException {
        Objects.requireNonNull(queue, "queue");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM " + jobs + " WHERE state IN ('available', 'running') AND queue = ?")) {
            select.setString(1, queue);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Cancels a job: an available one becomes cancelled at once and never runs; a running one is marked,
     * and its worker requests the attempt's stop token at its next heartbeat. If that attempt then fails or
     * ends cancelled, the job is cancelled (not retried); if it succeeds, it stays succeeded.
     *
     * @return true if the job was available or running; false if it was finished or does not exist
     */
    public boolean cancel(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE %s SET
                       state = CASE WHEN state = 'available' THEN 'cancelled' ELSE state END,
                       finished_at = CASE WHEN state = 'available' THEN now() ELSE finished_at END,
                       outcome = CASE WHEN state = 'available' THEN 'cancelled' ELSE outcome END,
                       cancel_requested = true
                     WHERE id = ? AND state IN ('available', 'running')""".formatted(jobs))) {
            update.setLong(1, id);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Makes a discarded or cancelled job available again, with one more attempt.
     *
     * @return true if it was discarded or cancelled; false otherwise, or if its unique key is now taken
     */
    public boolean retry(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE %s SET state = 'available', run_at = now(), finished_at = NULL,
                       max_attempts = attempt + 1, cancel_requested = false
                     WHERE id = ? AND state IN ('discarded', 'cancelled')""".formatted(jobs))) {
            update.setLong(1, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false; // unique_violation: another job holds the key
            }
            throw e;
        }
    }

    /**
     * Deletes finished jobs in {@code state} that finished more than {@code olderThan} ago, at most {@code
     * batch} rows per statement (short transactions, so autovacuum keeps up), until none is left.
     *
     * @return the number deleted
     */
    public long deleteFinished(JobState state, Duration olderThan, int batch) throws SQLException {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("only finished jobs are deleted, not " + state);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        long total = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("""
                     DELETE FROM %1$s WHERE id = ANY(ARRAY(
                       SELECT id FROM %1$s WHERE state = ? AND finished_at < now() - ? * interval '1 millisecond'
                       ORDER BY finished_at LIMIT ? FOR UPDATE SKIP LOCKED))""".formatted(jobs))) {
            while (true) {
                delete.setString(1, state.sql());
                delete.setLong(2, olderThan.toMillis());
                delete.setInt(3, batch);
                int deleted = delete.executeUpdate();
                total += deleted;
                if (deleted < batch) {
                    return total;
                }
            }
        }
    }

    // ---- the worker's statements (see JobStatements) ----

    String channel() {
        return channel;
    }

    List<ClaimedJob> claim(List<String> queues, Collection<String> tasks, int limit, String worker,
                           Duration lease) throws SQLException {
        return statements.claim(queues, tasks, limit, worker, lease);
    }

    Set<JobAttempt> completeAttempts(List<Completion> batch) throws SQLException {
        return statements.complete(batch);
    }

    /** {@link #completeAttempts}, as the ids applied. */
    Set<Long> complete(List<Completion> batch) throws SQLException {
        Set<Long> ids = new java.util.HashSet<>();
        statements.complete(batch).forEach(applied -> ids.add(applied.id()));
        return ids;
    }

    Set<JobAttempt> confirm(List<Completion> completions) throws SQLException {
        return statements.confirm(completions);
    }

    Map<Long, Boolean> heartbeat(Collection<ClaimedJob> running, Duration lease) throws SQLException {
        return statements.heartbeat(running, lease);
    }

    List<Long> rescue(int limit) throws SQLException {
        return statements.rescue(limit);
    }

    @Override
    public String toString() {
        return "PgQueue[" + settings.redactedUrl() + ", schema " + settings.schema() + "]";
    }

}
