package dev.spool.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of the tests: the one {@code SPOOL_PG_URL} names, or else an {@link
 * EmbeddedPostgresServer} started once per test JVM (stopped by its shutdown hook). Each test gets a fresh
 * schema, so tests never see each other's jobs.
 */
final class TestDatabase {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgresServer server;
    private static String url;

    private TestDatabase() {}

    /** The server's JDBC URL. */
    static synchronized String url() {
        if (url == null) {
            String external = System.getenv(PgSettings.URL_VARIABLE);
            if (external != null && !external.isBlank()) {
                url = external;
            } else {
                server = EmbeddedPostgresServer.start();
                url = server.jdbcUrl("postgres");
            }
        }
        return url;
    }

    /** The embedded server, for tests that restart it; null when the tests use an external one. */
    static synchronized EmbeddedPostgresServer embedded() {
        url();
        return server;
    }

    /** Settings for a new, empty schema (not migrated). */
    static PgSettings freshSchema() {
        return PgSettings.of(url()).schema("spool_t" + ProcessHandle.current().pid() + "_"
                + SCHEMAS.incrementAndGet());
    }

    /** Settings for a new schema with every migration applied. */
    static PgSettings migratedSchema() {
        PgSettings settings = freshSchema();
        PgQueue.migrate(settings);
        return settings;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }
}
