package dev.spool.cli;

/** The {@code spool} command's entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(SpoolCommand.execute(RawArgs.of(args)));
    }
}
