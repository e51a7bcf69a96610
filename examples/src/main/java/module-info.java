/** Spool's runnable examples; {@code Example} lists them. Their tasks run in child JVMs too, so exported. */
module dev.spool.examples {
    requires dev.spool.core;

    exports dev.spool.examples;
}
