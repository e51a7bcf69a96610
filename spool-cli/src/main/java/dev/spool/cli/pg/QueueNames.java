package dev.spool.cli.pg;

import dev.spool.cli.UsageException;

/** Checks queue names given on the command line. */
final class QueueNames {

    /** The longest queue name accepted. */
    static final int MAX_LENGTH = 200;

    private QueueNames() {}

    /** Refuses an empty or overlong name, or one with control characters, naming it. */
    static String check(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException("--queue: '" + name + "' is not a queue name (1 to " + MAX_LENGTH
                    + " characters, no control characters)");
        }
        return name;
    }
}
