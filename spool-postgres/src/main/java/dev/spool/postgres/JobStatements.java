package dev.spool.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The statements a worker runs against the job table: claim, complete (fenced by attempt), confirm,
 * heartbeat and rescue. {@link PgQueue} owns one; see its implementation notes for the design.
 * Thread-safe: every call takes its own connection from the pool.
 */
final class JobStatements {

    private static final String[] NO_STRINGS = {};

    private final DataSource dataSource;
    private final String channel;
    private final String claimSql;
    private final String completeSql;
    private final String heartbeatSql;
    private final String stillHeldSql;
    private final String rescueSql;
    private final String confirmSql;

    JobStatements(DataSource dataSource, String jobs, String channel) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.claimSql = """
                UPDATE %1$s j SET state = 'running', attempt = j.attempt + 1, worker = ?, started_at = now(),
                       lease_until = now() + ? * interval '1 millisecond'
                WHERE j.id = ANY(ARRAY(
                  SELECT id FROM %1$s
                  WHERE state = 'available' AND queue = ? AND task = ANY(?) AND run_at <= now()
                  ORDER BY priority, run_at, id
                  LIMIT ?
                  FOR UPDATE SKIP LOCKED))
                RETURNING j.id, j.queue, j.task, j.payload, j.attempt, j.max_attempts
                """.formatted(jobs);
        this.completeSql = """
                UPDATE %1$s j SET
                  state = CASE WHEN c.state = 'released' THEN 'available'
                               WHEN c.state = 'available' AND j.cancel_requested THEN 'cancelled'
                               ELSE c.state END,
                  attempt = CASE WHEN c.state = 'released' THEN j.attempt - 1 ELSE j.attempt END,
                  outcome = CASE WHEN c.state = 'released' THEN j.outcome ELSE c.outcome END,
                  run_at = CASE WHEN c.state = 'available' THEN now() + c.delay_ms * interval '1 millisecond'
                                ELSE j.run_at END,
                  finished_at = CASE WHEN c.state IN ('succeeded', 'discarded', 'cancelled')
                                       OR (c.state = 'available' AND j.cancel_requested) THEN now() END,
                  lease_until = NULL,
                  result = CASE WHEN c.state = 'released' THEN j.result ELSE c.result END,
                  errors = CASE WHEN c.error IS NULL THEN j.errors
                                ELSE j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempt,
                                     'at', now(), 'worker', j.worker, 'outcome', c.outcome, 'error', c.error)) END
                FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::bigint[])
                     AS c(id, attempt, state, outcome, result, error, delay_ms)
                WHERE j.id = c.id AND j.attempt = c.attempt AND j.state = 'running'
                RETURNING j.id, c.attempt
                """.formatted(jobs);
        // SKIP LOCKED: a row locked by this worker's completer (on another connection) is being finished;
        // waiting for it while the completer waits for a row the heartbeat holds would deadlock.
        this.heartbeatSql = """
                UPDATE %1$s j SET lease_until = now() + ? * interval '1 millisecond'
                WHERE j.id = ANY(ARRAY(
                  SELECT k.id FROM %1$s k JOIN unnest(?::bigint[], ?::int[]) AS h(id, attempt)
                    ON k.id = h.id AND k.attempt = h.attempt
                  WHERE k.state = 'running'
                  FOR UPDATE OF k SKIP LOCKED))
                RETURNING j.id, j.cancel_requested
                """.formatted(jobs);
        this.stillHeldSql = """
                SELECT k.id FROM %1$s k JOIN unnest(?::bigint[], ?::int[]) AS h(id, attempt)
                  ON k.id = h.id AND k.attempt = h.attempt
                WHERE k.state = 'running'
                """.formatted(jobs);
        this.rescueSql = """
                UPDATE %1$s j SET
                  state = CASE WHEN j.cancel_requested THEN 'cancelled'
                               WHEN j.attempt >= j.max_attempts THEN 'discarded' ELSE 'available' END,
                  outcome = 'lost', run_at = now(), lease_until = NULL,
                  finished_at = CASE WHEN j.cancel_requested OR j.attempt >= j.max_attempts THEN now() END,
                  errors = j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempt, 'at', now(),
                           'worker', j.worker, 'outcome', 'lost',
                           'error', 'lease expired: worker ' || coalesce(j.worker, '?') || ' stopped renewing it'))
                WHERE j.id = ANY(ARRAY(
                  SELECT id FROM %1$s WHERE state = 'running' AND lease_until < now()
                  ORDER BY lease_until LIMIT ? FOR UPDATE SKIP LOCKED))
                RETURNING j.id, j.queue, j.state
                """.formatted(jobs);
        this.confirmSql = """
                SELECT j.id, c.attempt FROM %s j
                JOIN unnest(?::bigint[], ?::int[], ?::text[]) AS c(id, attempt, outcome) ON j.id = c.id
                WHERE (j.attempt = c.attempt AND j.state IN ('succeeded', 'discarded', 'cancelled')
                       AND j.outcome = c.outcome)
                   OR j.errors @> jsonb_build_array(jsonb_build_object('attempt', c.attempt,
                                                                       'outcome', c.outcome))
                """.formatted(jobs);
    }


    /**
     * Claims up to {@code limit} available jobs of {@code queues} and {@code tasks}, leased to {@code worker}:
     * one statement per queue (so that each walks its queue's index in order), in the order given, until
     * {@code limit} are claimed.
     */
    List<ClaimedJob> claim(List<String> queues, Collection<String> tasks, int limit, String worker,
                           Duration lease) throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>(limit);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(claimSql)) {
            Array taskArray = connection.createArrayOf("text", tasks.toArray(NO_STRINGS));
            for (String queueName : queues) {
                int wanted = limit - claimed.size();
                if (wanted <= 0) {
                    break;
                }
                claim.setString(1, worker);
                claim.setLong(2, lease.toMillis());
                claim.setString(3, queueName);
                claim.setArray(4, taskArray);
                claim.setInt(5, wanted);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new ClaimedJob(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getBytes(4), rows.getInt(5), rows.getInt(6)));
                    }
                }
            }
        }
        return claimed;
    }

    /**
     * Records a batch of completions, each fenced by its attempt.
     *
     * @return the attempts whose completion was applied; the others were refused (no longer running)
     */
    Set<JobAttempt> complete(List<Completion> batch) throws SQLException {
        List<Completion> completions = batch.stream().sorted(java.util.Comparator.comparingLong(Completion::id))
                .toList();
        int n = completions.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] states = new String[n];
        String[] outcomes = new String[n];
        byte[][] results = new byte[n][];
        String[] errors = new String[n];
        Long[] delays = new Long[n];
        for (int i = 0; i < n; i++) {
            Completion c = completions.get(i);
            ids[i] = c.id();
            attempts[i] = c.attempt();
            states[i] = c.state();
            outcomes[i] = c.outcome();
            results[i] = c.result();
            errors[i] = c.error();
            delays[i] = c.delayMillis();
        }
        Set<JobAttempt> applied = new java.util.HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(completeSql)) {
            update.setArray(1, connection.createArrayOf("int8", ids));
            update.setArray(2, connection.createArrayOf("int4", attempts));
            update.setArray(3, connection.createArrayOf("text", states));
            update.setArray(4, connection.createArrayOf("text", outcomes));
            update.setArray(5, connection.createArrayOf("bytea", results));
            update.setArray(6, connection.createArrayOf("text", errors));
            update.setArray(7, connection.createArrayOf("int8", delays));
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    applied.add(new JobAttempt(rows.getLong(1), rows.getInt(2)));
                }
            }
        }
        return applied;
    }

    /**
     * Which of {@code completions}, refused by {@link #complete}, had in fact been written by an earlier try
     * of the same batch whose reply was lost (a connection cut after the commit): the attempt ended with
     * this outcome. Only the claimer of an attempt records an outcome other than {@code lost} for it, so a
     * match is this worker's own write.
     */
    Set<JobAttempt> confirm(List<Completion> completions) throws SQLException {
        Set<JobAttempt> confirmed = new java.util.HashSet<>();
        if (completions.isEmpty()) {
            return confirmed;
        }
        Long[] ids = completions.stream().map(Completion::id).toArray(Long[]::new);
        Integer[] attempts = completions.stream().map(Completion::attempt).toArray(Integer[]::new);
        String[] outcomes = completions.stream().map(Completion::outcome).toArray(String[]::new);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(confirmSql)) {
            select.setArray(1, connection.createArrayOf("int8", ids));
            select.setArray(2, connection.createArrayOf("int4", attempts));
            select.setArray(3, connection.createArrayOf("text", outcomes));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    confirmed.add(new JobAttempt(rows.getLong(1), rows.getInt(2)));
                }
            }
        }
        return confirmed;
    }

    /**
     * Extends the leases of the given running attempts.
     *
     * @return for each attempt still running here, whether its job has been cancelled; attempts missing from
     *     the map are no longer this worker's (rescued, or finished)
     */
    Map<Long, Boolean> heartbeat(Collection<ClaimedJob> running, Duration lease) throws SQLException {
        Map<Long, Boolean> alive = new java.util.HashMap<>();
        if (running.isEmpty()) {
            return alive;
        }
        Long[] ids = running.stream().map(ClaimedJob::id).toArray(Long[]::new);
        Integer[] attempts = running.stream().map(ClaimedJob::attempt).toArray(Integer[]::new);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(heartbeatSql)) {
            update.setLong(1, lease.toMillis());
            update.setArray(2, connection.createArrayOf("int8", ids));
            update.setArray(3, connection.createArrayOf("int4", attempts));
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    alive.put(rows.getLong(1), rows.getBoolean(2));
                }
            }
            if (alive.size() < ids.length) {
                // Skipped (locked by a completion in flight, or a cancel) or lost: a plain read tells which.
                try (PreparedStatement select = connection.prepareStatement(stillHeldSql)) {
                    select.setArray(1, connection.createArrayOf("int8", ids));
                    select.setArray(2, connection.createArrayOf("int4", attempts));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            alive.putIfAbsent(rows.getLong(1), false);
                        }
                    }
                }
            }
        }
        return alive;
    }

    /**
     * Rescues up to {@code limit} running jobs whose lease has expired: back to available (or discarded after
     * the last attempt, cancelled if cancel was requested), with a "lost" error for the attempt.
     *
     * @return the ids rescued
     */
    List<Long> rescue(int limit) throws SQLException {
        List<Long> rescued = new ArrayList<>();
        Set<String> queues = new LinkedHashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(rescueSql)) {
            update.setInt(1, limit);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    rescued.add(rows.getLong(1));
                    if ("available".equals(rows.getString(3))) {
                        queues.add(rows.getString(2));
                    }
                }
            }
            if (!queues.isEmpty()) {
                notifyQueues(connection, channel, queues);
            }
        }
        return rescued;
    }

    /** Wakes the workers of {@code queues}: one NOTIFY on {@code channel} per queue, sent at commit. */
    static void notifyQueues(Connection connection, String channel, java.util.Collection<String> queues)
            throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement(
                "SELECT pg_notify(?, q) FROM unnest(?::text[]) AS q")) {
            notify.setString(1, channel);
            notify.setArray(2, connection.createArrayOf("text", queues.toArray(NO_STRINGS)));
            notify.execute();
        }
    }
}
