package dev.spool.cli.bench;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The {@code cpu} workload: the SHA-256 of a 64 KiB buffer (the input varies its first byte). CPU-bound. */
public final class CpuTask implements Task<Integer, Integer> {

    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public Integer run(Integer input, TaskContext context) throws NoSuchAlgorithmException {
        return hash(input, BUFFER_BYTES);
    }

    /** The first four bytes of the SHA-256 of {@code bytes} bytes derived from {@code seed}. */
    static int hash(int seed, int bytes) throws NoSuchAlgorithmException {
        byte[] buffer = new byte[bytes];
        for (int i = 0; i < bytes; i += 64) {
            buffer[i] = (byte) (seed + i);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(buffer);
        return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }
}
