/**
 * Spool's durable work queue on PostgreSQL: many machines, one queue. See {@code docs/postgres.md}.
 */
module dev.spool.postgres {
    requires transitive dev.spool.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;

    exports dev.spool.postgres;
}
