/** Spool's runnable examples; {@code Example} lists them. Their tasks run in child JVMs too, so exported. */
module dev.spool.examples {
    requires dev.spool.core;
    requires dev.spool.postgres;

    exports dev.spool.examples;
}
