package dev.spool.cli.pg;

import dev.spool.cli.ExitCodes;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code spool db migrate}: creates or upgrades Spool's schema in a PostgreSQL database. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Manages Spool's tables in PostgreSQL.",
        subcommands = DbCommand.Migrate.class)
public final class DbCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code spool db migrate}. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Creates Spool's schema or applies the migrations it lacks.",
                    "Safe to run from several machines at once."})
    public static final class Migrate implements Callable<Integer> {

        @Mixin
        PgOptions db;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PgSettings settings = db.settings();
            List<Integer> applied = PgQueue.migrate(settings);
            PrintWriter out = spec.commandLine().getOut();
            if (applied.isEmpty()) {
                out.println("schema " + settings.schema() + " at " + settings.redactedUrl() + " is up to date");
            } else {
                out.println("schema " + settings.schema() + " at " + settings.redactedUrl() + ": applied migrations "
                        + applied);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
