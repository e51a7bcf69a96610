package dev.spool.cli.pg;

import dev.spool.cli.UsageException;
import dev.spool.postgres.PgSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the PostgreSQL queue is: shared by {@code spool db} and {@code spool status}. A password is never
 * an option (a command line is visible to every user of the machine): it comes from {@code PGPASSWORD} or
 * a settings file.
 */
public final class PgOptions {

    @Option(names = "--db", paramLabel = "URL",
            description = "The database's JDBC URL (jdbc:postgresql://host:port/db); default: $SPOOL_PG_URL.")
    String url;

    @Option(names = "--db-settings", paramLabel = "FILE",
            description = "A properties file with url, user, password, schema (instead of --db).")
    Path settingsFile;

    @Option(names = "--schema", paramLabel = "NAME", description = "The schema of Spool's tables; default: spool.")
    String schema;

    /** The settings these options name, with the user and password from the environment unless a file. */
    public PgSettings settings() {
        PgSettings settings;
        try {
            if (settingsFile != null) {
                settings = PgSettings.fromFile(settingsFile);
            } else {
                String chosen = url != null ? url : System.getenv(PgSettings.URL_VARIABLE);
                if (chosen == null || chosen.isBlank()) {
                    throw new UsageException("no database: give --db URL, --db-settings FILE or set "
                            + PgSettings.URL_VARIABLE);
                }
                settings = PgSettings.of(chosen).user(System.getenv("PGUSER")).password(System.getenv("PGPASSWORD"));
            }
            return schema == null ? settings : settings.schema(schema);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
