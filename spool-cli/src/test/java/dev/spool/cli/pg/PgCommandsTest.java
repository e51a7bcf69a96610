package dev.spool.cli.pg;

import static dev.spool.cli.SpoolCli.spool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.SpoolCli;
import dev.spool.postgres.EmbeddedPostgresServer;
import dev.spool.postgres.NewJob;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code spool db migrate} and {@code spool status} against a real PostgreSQL. */
class PgCommandsTest {

    private static EmbeddedPostgresServer server;
    private static String url;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgresServer.start();
        url = server.jdbcUrl("postgres");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void dbMigrate_appliesOnce_thenSaysUpToDate() throws Exception {
        SpoolCli.Result first = spool("db", "migrate", "--db", url, "--schema", "cli_migrate");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("schema cli_migrate").contains("applied migrations [1]");
        SpoolCli.Result second = spool("db", "migrate", "--db", url, "--schema", "cli_migrate");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).contains("is up to date");
    }

    @Test
    void status_showsCountsThroughputAndNoFailures() throws Exception {
        PgSettings settings = PgSettings.of(url).schema("cli_status");
        PgQueue.migrate(settings);
        try (PgQueue queue = PgQueue.open(settings)) {
            queue.enqueueAll(List.of(NewJob.of("mail", "send"), NewJob.of("mail", "send"), NewJob.of("other", "x")));
        }
        SpoolCli.Result result = spool("status", "--db", url, "--schema", "cli_status", "--queue", "mail");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("queue mail in schema cli_status")
                .containsPattern("available\\s+2\\n").containsPattern("running\\s+0\\n")
                .contains("throughput: 0 jobs finished in the last minute").contains("no failures");
    }

    @Test
    void status_unmigratedSchema_namesItAndTheCommand() throws Exception {
        SpoolCli.Result result = spool("status", "--db", url, "--schema", "cli_nothing_here");
        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).contains("schema 'cli_nothing_here' has no Spool tables")
                .contains("spool db migrate");
    }

    @Test
    void status_unreachableDatabase_namesTheUrl() throws Exception {
        SpoolCli.Result result = spool("status", "--db", "jdbc:postgresql://127.0.0.1:1/nowhere");
        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere");
    }

    @Test
    void status_noDatabaseGiven_saysHowToGiveOne() throws Exception {
        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("status"), null, null,
                java.util.Map.of(PgSettings.URL_VARIABLE, ""));
        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).contains("no database: give --db URL");
    }
}
