package dev.spool.cli.pg;

import dev.spool.process.Codec;

/** The result codec of command-line jobs: a {@link CommandResult} in the job's result column. */
public final class CommandResultCodec implements Codec<CommandResult> {

    @Override
    public Class<CommandResult> type() {
        return CommandResult.class;
    }

    @Override
    public byte[] encode(CommandResult value) {
        return value.encode();
    }

    @Override
    public CommandResult decode(byte[] bytes) throws Exception {
        return CommandResult.decode(bytes);
    }
}
