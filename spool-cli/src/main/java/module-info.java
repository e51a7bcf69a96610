/**
 * The {@code spool} command. It ships as one jar on the class path ({@code spool.jar}, shaded; the
 * descriptor is left out of it), where module boundaries do not apply; this descriptor states the
 * boundaries the sources keep: the command alone may use the core's launcher, and picocli reads the
 * command classes by reflection.
 */
module dev.spool.cli {
    requires dev.spool.core;
    requires dev.spool.examples;
    requires dev.spool.postgres;
    requires info.picocli;
    requires jdk.management;    // spool bench: the JVM's options and the machine's memory, for the report

    // The benchmark's tasks run in child JVMs, which create them by class name.
    exports dev.spool.cli.bench;

    opens dev.spool.cli to info.picocli;
    opens dev.spool.cli.pg to info.picocli;
}
