package dev.spool.bench;

import dev.spool.postgres.EmbeddedPostgresServer;

/**
 * Starts an embedded PostgreSQL for the comparison script, prints its JDBC URL and its libpq URL (one line
 * each), and stops it when stdin ends.
 */
public final class PgServerMain {

    private PgServerMain() {}

    public static void main(String[] args) throws Exception {
        try (var server = EmbeddedPostgresServer.start()) {
            System.out.println(server.jdbcUrl("postgres"));
            System.out.println("postgres://postgres@127.0.0.1:" + server.port() + "/postgres");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the script closes our stdin
            }
        }
    }
}
