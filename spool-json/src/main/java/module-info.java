/**
 * A JSON {@link dev.spool.process.Codec} for process workers, on Jackson. A child JVM creates the codec by its
 * class name, so the package is exported; Jackson reads and writes your types by reflection, so open their
 * package to {@code com.fasterxml.jackson.databind}.
 */
module dev.spool.json {
    requires transitive dev.spool.core;
    requires com.fasterxml.jackson.databind;

    exports dev.spool.json;
}
