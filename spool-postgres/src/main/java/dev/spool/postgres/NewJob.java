package dev.spool.postgres;

import dev.spool.process.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job to enqueue. Immutable; build with {@link #of} and the {@code with} methods.
 *
 * <pre>{@code
 * queue.enqueue(NewJob.of("emails", "send").payload(json, new Email(to, body)).priority(-1).uniqueKey(to));
 * }</pre>
 *
 * @param queue the queue's name
 * @param task the task's name, as the workers register it
 * @param payload the task's input as bytes (made by a codec), or null
 * @param priority lower runs first; default 0
 * @param runAt when it may run, or null for now (or after {@code delay})
 * @param delay how long after the enqueue it may run, on the database's clock; null or zero for now
 * @param maxAttempts attempts in all, at least 1; default 3
 * @param uniqueKey at most one pending or running job of the queue has this key; null for none
 * @param tags free-form labels
 */
public record NewJob(String queue, String task, byte[] payload, int priority, Instant runAt, Duration delay,
                     int maxAttempts, String uniqueKey, List<String> tags) {

    /** The default number of attempts. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public NewJob {
        requireName(queue, "queue");
        requireName(task, "task");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        if (runAt != null && delay != null) {
            throw new IllegalArgumentException("give a run-at time or a delay, not both");
        }
        tags = List.copyOf(tags);
        for (String tag : tags) {
            if (tag.isEmpty() || tag.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a tag must be non-empty text without control characters,"
                        + " was '" + tag + "'");
            }
        }
    }

    /** A job of {@code task} on {@code queue} with no payload and the defaults. */
    public static NewJob of(String queue, String task) {
        return new NewJob(queue, task, null, 0, null, null, DEFAULT_MAX_ATTEMPTS, null, List.of());
    }

    /** This job with {@code payload} as its input bytes. */
    public NewJob payload(byte[] payload) {
        return new NewJob(queue, task, payload, priority, runAt, delay, maxAttempts, uniqueKey, tags);
    }

    /** This job with {@code text} (UTF-8) as its input: what a {@code String} task reads. */
    public NewJob payload(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * This job with {@code value} encoded by {@code codec} as its input.
     *
     * @throws IllegalArgumentException if the codec cannot encode it (the message names the codec)
     */
    public <T> NewJob payload(Codec<? super T> codec, T value) {
        try {
            return payload(codec.encode(value));
        } catch (Exception e) {
            throw new IllegalArgumentException(codec.getClass().getName() + " cannot encode the payload of a "
                    + task + " job: " + e, e);
        }
    }

    public NewJob priority(int priority) {
        return new NewJob(queue, task, payload, priority, runAt, delay, maxAttempts, uniqueKey, tags);
    }

    public NewJob runAt(Instant runAt) {
        return new NewJob(queue, task, payload, priority, Objects.requireNonNull(runAt, "runAt"), null,
                maxAttempts, uniqueKey, tags);
    }

    public NewJob delay(Duration delay) {
        return new NewJob(queue, task, payload, priority, null, Objects.requireNonNull(delay, "delay"),
                maxAttempts, uniqueKey, tags);
    }

    public NewJob maxAttempts(int maxAttempts) {
        return new NewJob(queue, task, payload, priority, runAt, delay, maxAttempts, uniqueKey, tags);
    }

    public NewJob uniqueKey(String uniqueKey) {
        return new NewJob(queue, task, payload, priority, runAt, delay, maxAttempts, uniqueKey, tags);
    }

    public NewJob tags(String... tags) {
        return new NewJob(queue, task, payload, priority, runAt, delay, maxAttempts, uniqueKey, List.of(tags));
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException(what + " name must be non-blank and at most 200 characters, was '"
                    + name + "'");
        }
    }
}
