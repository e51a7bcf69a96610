package dev.spool.cli.bench;

import dev.spool.cli.UsageException;
import dev.spool.pool.Task;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A Java workload of the matrix: a task (a public named class, so process workers can run it too), how to
 * make the input of task {@code i}, and how many tasks a run has unless {@code --tasks} says otherwise.
 *
 * @param name the name on the command line
 * @param task the task
 * @param input the input of task {@code i}
 * @param defaultTasks tasks per run by default: sized so that one run takes tens of milliseconds
 */
public record Workload(String name, Task<Object, Object> task, IntFunction<Object> input, int defaultTasks) {

    /** The names of the built-in workloads, in the table's order. */
    public static final List<String> NAMES = List.of("cpu", "sleep", "tiny", "mixed");

    /** Tasks per run of a user's task when neither {@code --tasks} nor an inputs file says. */
    static final int USER_TASKS = 1000;

    /** The built-in workload called {@code name}; {@code sleep} is the wait of the sleep and mixed ones. */
    public static Workload builtIn(String name, Duration sleep) {
        int micros = (int) Math.min(Integer.MAX_VALUE, sleep.toNanos() / 1000);
        return switch (name) {
            case "cpu" -> new Workload(name, erase(new CpuTask()), i -> i, 400);
            case "sleep" -> new Workload(name, erase(new SleepTask()), i -> micros, 100);
            case "tiny" -> new Workload(name, erase(new TinyTask()), i -> i, 20_000);
            case "mixed" -> new Workload(name, erase(new MixedTask()), i -> micros, 100);
            default -> throw new IllegalArgumentException("no workload named '" + name + "'; there are " + NAMES);
        };
    }

    /**
     * A user's task class, found on spool's class path (add a jar with {@code SPOOL_CLASSPATH}): a public
     * class with a public no-argument constructor implementing {@link Task}. Its inputs are the lines of
     * {@code lines} in turn if given (the task must take {@code String}s or {@code Object}s), else the
     * numbers 0, 1, 2, ... as the task's input type wants them ({@code Integer}, {@code Long} or
     * {@code String}).
     *
     * @throws UsageException naming the class and what is wrong with it
     */
    public static Workload ofClass(String className, List<String> lines) {
        Class<?> type;
        try {
            type = Class.forName(className, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageException("bench: --task: no class " + className + " on spool's class path"
                    + " (add its jar or classes folder with SPOOL_CLASSPATH=PATH)");
        }
        if (!Task.class.isAssignableFrom(type)) {
            throw new UsageException("bench: --task: " + className + " does not implement " + Task.class.getName());
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new UsageException("bench: --task: " + className + " must be a public, concrete class");
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new UsageException("bench: --task: " + className + " has no public no-argument constructor");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UsageException("bench: --task: could not create " + className + ": " + cause, cause);
        }
        Task<Object, Object> task = erase((Task<?, ?>) instance);
        Class<?> inputType = inputType(type);
        String name = type.getSimpleName();
        if (lines != null) {
            if (lines.isEmpty()) {
                throw new UsageException("bench: --inputs: the file has no lines");
            }
            if (inputType != String.class && inputType != Object.class && inputType != CharSequence.class) {
                throw new UsageException("bench: --inputs: " + className + " takes inputs of type "
                        + inputType.getName() + ", not the String lines of a file");
            }
            List<String> inputs = List.copyOf(lines);
            return new Workload(name, task, i -> inputs.get(i % inputs.size()), inputs.size());
        }
        IntFunction<Object> input;
        if (inputType == Integer.class || inputType == Object.class || inputType == Number.class) {
            input = i -> i;
        } else if (inputType == Long.class) {
            input = i -> (long) i;
        } else if (inputType == String.class || inputType == CharSequence.class) {
            input = Integer::toString;
        } else {
            throw new UsageException("bench: --task: " + className + " takes inputs of type " + inputType.getName()
                    + "; spool bench can make Integer, Long and String inputs, or String lines of --inputs FILE");
        }
        return new Workload(name, task, input, USER_TASKS);
    }

    /** The input type {@code type} gives {@link Task}'s first type argument, or Object if it cannot be told. */
    static Class<?> inputType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == Task.class) {
                    Type input = p.getActualTypeArguments()[0];
                    if (input instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
                        return raw;
                    }
                    return input instanceof Class<?> plain ? plain : Object.class;
                }
            }
        }
        return Object.class;
    }

    /** A task as the matrix runs it: inputs and results as objects. */
    @SuppressWarnings("unchecked")
    static Task<Object, Object> erase(Task<?, ?> task) {
        return (Task<Object, Object>) task;
    }
}
