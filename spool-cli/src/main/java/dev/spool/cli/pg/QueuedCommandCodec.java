package dev.spool.cli.pg;

import dev.spool.process.Codec;

/** The payload codec of command-line jobs: a payload it cannot read is discarded at once, naming it. */
public final class QueuedCommandCodec implements Codec<QueuedCommand> {

    @Override
    public Class<QueuedCommand> type() {
        return QueuedCommand.class;
    }

    @Override
    public byte[] encode(QueuedCommand value) {
        return value.encode();
    }

    @Override
    public QueuedCommand decode(byte[] bytes) throws Exception {
        return QueuedCommand.decode(bytes);
    }
}
