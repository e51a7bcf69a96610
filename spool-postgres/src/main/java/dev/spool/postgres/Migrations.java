package dev.spool.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Spool's versioned schema migrations: SQL files {@code migrations/V<n>__<name>.sql} beside this class,
 * applied in order and recorded in {@code <schema>.spool_migrations}.
 *
 * <p>Safe to run from several machines at once: {@link #migrate} holds a transaction-scoped advisory lock
 * (keyed by the schema's name) while it reads what is applied and applies the rest, all in one transaction,
 * so a second migrator waits and then finds nothing left to do; a failed migration leaves no trace.
 */
final class Migrations {

    /** One migration: its version (from 1, without gaps) and name. */
    record Migration(int version, String name) {
        String resource() {
            return "migrations/V" + version + "__" + name + ".sql";
        }
    }

    /** Every migration this version of Spool knows, in order. Add new ones at the end; never edit one. */
    static final List<Migration> ALL = List.of(new Migration(1, "jobs"));

    private Migrations() {}

    /**
     * Applies the migrations missing from the settings' schema, creating the schema if needed.
     *
     * @return the versions applied by this call (empty if none was missing)
     */
    static List<Integer> migrate(Connection connection, PgSettings settings) throws SQLException {
        String schema = settings.quotedSchema();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (var lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "spool-migrations:" + settings.schema());
                lock.execute();
            }
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                statement.execute("CREATE TABLE IF NOT EXISTS " + schema + ".spool_migrations ("
                        + " version integer PRIMARY KEY, name text NOT NULL,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())");
            }
            Set<Integer> applied = applied(connection, settings);
            List<Integer> done = new ArrayList<>();
            for (Migration migration : ALL) {
                if (applied.contains(migration.version())) {
                    continue;
                }
                try (var statement = connection.createStatement()) {
                    statement.execute(sql(migration).replace("${schema}", schema));
                }
                try (var record = connection.prepareStatement(
                        "INSERT INTO " + schema + ".spool_migrations (version, name) VALUES (?, ?)")) {
                    record.setInt(1, migration.version());
                    record.setString(2, migration.name());
                    record.executeUpdate();
                }
                done.add(migration.version());
            }
            connection.commit();
            return done;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Checks that every migration is applied.
     *
     * @throws SchemaNotReadyException naming the schema and the first missing migration, or the unknown
     *     newer one a later Spool applied
     */
    static void check(Connection connection, PgSettings settings) throws SQLException {
        Set<Integer> applied;
        try (var exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, settings.quotedSchema() + ".spool_migrations");
            try (var rows = exists.executeQuery()) {
                rows.next();
                if (!rows.getBoolean(1)) {
                    throw new SchemaNotReadyException("schema '" + settings.schema() + "' has no Spool tables"
                            + " (no " + settings.schema() + ".spool_migrations): run 'spool db migrate' or"
                            + " PgQueue.migrate(settings)");
                }
            }
        }
        applied = applied(connection, settings);
        for (Migration migration : ALL) {
            if (!applied.contains(migration.version())) {
                throw new SchemaNotReadyException("schema '" + settings.schema() + "' lacks migration "
                        + migration.version() + " (" + migration.name() + "): run 'spool db migrate' or"
                        + " PgQueue.migrate(settings)");
            }
        }
        int newest = ALL.getLast().version();
        for (int version : applied) {
            if (version > newest) {
                throw new SchemaNotReadyException("schema '" + settings.schema() + "' has migration " + version
                        + ", newer than this Spool knows (up to " + newest + "): upgrade Spool");
            }
        }
    }

    private static Set<Integer> applied(Connection connection, PgSettings settings) throws SQLException {
        Set<Integer> applied = new TreeSet<>();
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT version FROM " + settings.quotedSchema()
                     + ".spool_migrations")) {
            while (rows.next()) {
                applied.add(rows.getInt(1));
            }
        }
        return applied;
    }

    private static String sql(Migration migration) {
        try (InputStream in = Migrations.class.getResourceAsStream(migration.resource())) {
            if (in == null) {
                throw new IllegalStateException("migration " + migration.resource() + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
