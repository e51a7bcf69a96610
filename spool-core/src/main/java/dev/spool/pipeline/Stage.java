package dev.spool.pipeline;

import dev.spool.pool.Task;
import java.util.Objects;

/**
 * A stage of a pipeline being built: a name, its {@link StageOptions}, and its task. A handle for wiring
 * edges with {@link PipelineBuilder}; the type parameters let the compiler check that each edge carries
 * what its target takes.
 *
 * <pre>{@code
 * Stage<String, Page> fetch = builder.map("fetch", StageOptions.virtual(50), new Fetch());
 * Stage<Page, String> links = builder.stage("links", StageOptions.platform(2), (page, out, c) -> ...);
 * builder.connect(fetch, links).feedback(links, fetch);
 * }</pre>
 *
 * @param <I> the type of the items the stage takes
 * @param <O> the type of the items it emits
 */
public final class Stage<I, O> {

    final PipelineBuilder<?> owner;
    final int id;
    final String name;
    final StageOptions options;
    /** The task of a stage built with {@code stage(...)}, or null. */
    final EmittingTask<I, O> emitting;
    /** The task of a stage built with {@code map(...)}, or null. */
    final Task<I, O> mapping;

    Stage(PipelineBuilder<?> owner, int id, String name, StageOptions options, EmittingTask<I, O> emitting,
          Task<I, O> mapping) {
        this.owner = owner;
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.options = options;
        this.emitting = emitting;
        this.mapping = mapping;
    }

    /** The stage's name, unique in its pipeline. */
    public String name() {
        return name;
    }

    /** The stage's options. */
    public StageOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "stage '" + name + "'";
    }
}
