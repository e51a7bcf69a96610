package dev.spool.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on the queue's channel on a connection of its own and wakes the claimer when a job is enqueued on
 * one of the worker's queues. A lost connection is reopened with backoff; meanwhile the claimer polls.
 */
final class WakeListener {

    private static final System.Logger LOG = System.getLogger(WakeListener.class.getName());

    private final PgQueue queue;
    private final Set<String> queues;
    private final Wake wake;
    private final BooleanSupplier running;
    /** Whether a LISTEN is in force now; a test signal. */
    private volatile boolean listening;

    WakeListener(PgQueue queue, Set<String> queues, Wake wake, BooleanSupplier running) {
        this.queue = queue;
        this.queues = queues;
        this.wake = wake;
        this.running = running;
    }

    boolean isListening() {
        return listening;
    }

    void run() {
        PgSettings settings = queue.settings();
        long failures = 0;
        while (running.getAsBoolean()) {
            try (Connection connection = DriverManager.getConnection(settings.url(), settings.connectionProperties())) {
                try (var statement = connection.createStatement()) {
                    // The channel is "spool_" + a validated identifier: no value of a caller's in the text.
                    statement.execute("LISTEN \"" + queue.channel() + "\"");
                }
                if (failures > 0) {
                    LOG.log(Level.INFO, "listening for new jobs again after " + failures + " failures");
                }
                failures = 0;
                listening = true;
                wake.signal(); // jobs may have arrived while nobody listened
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running.getAsBoolean()) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        if (queues.contains(notification.getParameter())) {
                            wake.signal();
                            break;
                        }
                    }
                }
                listening = false;
            } catch (SQLException e) {
                listening = false;
                failures++;
                if (failures == 1 || failures % 30 == 0) {
                    LOG.log(Level.WARNING, "cannot listen for new jobs (" + failures + " failures in a row);"
                            + " polling meanwhile: " + e.getMessage());
                }
                try {
                    Thread.sleep(Math.min(5_000, 100L << Math.min(6, failures)));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
