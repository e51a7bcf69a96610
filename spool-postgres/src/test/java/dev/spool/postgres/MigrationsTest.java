package dev.spool.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestTimeouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void open_unmigratedSchema_namesTheSchemaAndTheCommand() {
        PgSettings settings = TestDatabase.freshSchema();
        assertThatThrownBy(() -> PgQueue.open(settings))
                .isInstanceOf(SchemaNotReadyException.class)
                .hasMessageContaining("schema '" + settings.schema() + "' has no Spool tables")
                .hasMessageContaining("spool db migrate");
    }

    @Test
    void open_missingMigration_namesIt() throws Exception {
        PgSettings settings = TestDatabase.migratedSchema();
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + settings.quotedSchema() + ".spool_migrations WHERE version = 1");
        }
        assertThatThrownBy(() -> PgQueue.open(settings))
                .isInstanceOf(SchemaNotReadyException.class)
                .hasMessageContaining("lacks migration 1 (jobs)");
    }

    @Test
    void open_newerMigrationThanKnown_saysUpgrade() throws Exception {
        PgSettings settings = TestDatabase.migratedSchema();
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + settings.quotedSchema() + ".spool_migrations VALUES (999, 'future')");
        }
        assertThatThrownBy(() -> PgQueue.open(settings))
                .isInstanceOf(SchemaNotReadyException.class)
                .hasMessageContaining("has migration 999").hasMessageContaining("upgrade Spool");
    }

    @Test
    void migrate_twice_appliesOnceThenNothing() {
        PgSettings settings = TestDatabase.freshSchema();
        assertThat(PgQueue.migrate(settings)).containsExactly(1);
        assertThat(PgQueue.migrate(settings)).isEmpty();
        PgQueue.open(settings).close();
    }

    @Test
    void migrate_fromSeveralConnectionsAtOnce_appliesEachMigrationOnce() throws Exception {
        PgSettings settings = TestDatabase.freshSchema();
        int migrators = 4;
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        try (var executor = Executors.newFixedThreadPool(migrators)) {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < migrators; i++) {
                calls.add(() -> {
                    applied.addAll(PgQueue.migrate(settings));
                    return null;
                });
            }
            for (Future<Void> future : executor.invokeAll(calls)) {
                future.get(TestTimeouts.LONG.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertThat(applied).containsExactly(1);
        PgQueue.open(settings).close();
    }

    @Test
    void open_unreachableServer_namesTheUrlAndNotThePassword() {
        PgSettings settings = PgSettings.of("jdbc:postgresql://127.0.0.1:1/nowhere").user("alice")
                .password("s3cret-pw");
        assertThatThrownBy(() -> PgQueue.open(settings))
                .isInstanceOf(PgConnectException.class)
                .hasMessageContaining("127.0.0.1:1/nowhere").hasMessageContaining("alice")
                .hasMessageNotContaining("s3cret-pw");
        assertThat(settings.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void open_wrongCredentials_namesTheUserAndNotThePassword() throws Exception {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'spool_pw_user')"
                    + " THEN CREATE ROLE spool_pw_user LOGIN PASSWORD 'right-pw'; END IF; END $$");
        }
        // The embedded server trusts local connections, so a wrong password cannot fail there: a missing
        // database is the refusal it can show; an external server with passwords refuses the password too.
        PgSettings settings = PgSettings.of(TestDatabase.url().replaceFirst("/postgres\\?", "/no_such_db?"))
                .user("spool_pw_user").password("wrong-pw");
        assertThatThrownBy(() -> PgQueue.open(settings))
                .isInstanceOf(PgConnectException.class)
                .hasMessageContaining("no_such_db").hasMessageNotContaining("wrong-pw");
    }

    @Test
    void settings_badSchemaName_isRefusedBeforeAnySql() {
        assertThatThrownBy(() -> PgSettings.of("jdbc:postgresql://localhost/db").schema("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x; DROP TABLE y");
        assertThat(PgSettings.redact("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    }
}
