package dev.spool.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Carries a task's error from a child to the pool: its class name, message, stack trace and causes. The
 * pool rebuilds an error of the same class when that class has a public {@code (String)} constructor (so
 * {@code retryOn(e -> e instanceof IOException)} works across processes), else a {@link
 * RemoteTaskException} that names the class.
 */
final class ErrorTransfer {

    private static final int MAX_CAUSES = 8;
    private static final int MAX_FRAMES = 256;

    private ErrorTransfer() {}

    static void write(DataOutputStream out, Throwable error) throws IOException {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = error;
        int depth = 0;
        while (t != null && depth < MAX_CAUSES && seen.put(t, Boolean.TRUE) == null) {
            out.writeBoolean(true);
            String className = t instanceof RemoteTaskException remote ? remote.remoteClassName() : t.getClass().getName();
            Protocol.writeText(out, className);
            Protocol.writeText(out, t.getMessage());
            StackTraceElement[] stack = t.getStackTrace();
            int frames = Math.min(stack.length, MAX_FRAMES);
            out.writeInt(frames);
            for (int i = 0; i < frames; i++) {
                StackTraceElement frame = stack[i];
                out.writeUTF(frame.getClassName());
                out.writeUTF(frame.getMethodName());
                out.writeUTF(Objects.requireNonNullElse(frame.getFileName(), ""));
                out.writeInt(frame.getLineNumber());
            }
            t = t.getCause();
            depth++;
        }
        out.writeBoolean(false);
    }

    static Throwable read(DataInputStream in) throws IOException {
        Throwable first = null;
        Throwable last = null;
        while (in.readBoolean()) {
            String className = Protocol.readText(in);
            String message = Protocol.readText(in);
            int frames = in.readInt();
            StackTraceElement[] stack = new StackTraceElement[frames];
            for (int i = 0; i < frames; i++) {
                String declaring = in.readUTF();
                String method = in.readUTF();
                String file = in.readUTF();
                stack[i] = new StackTraceElement(declaring, method, file.isEmpty() ? null : file, in.readInt());
            }
            Throwable t = rebuild(className, message);
            t.setStackTrace(stack);
            if (first == null) {
                first = t;
            } else {
                attachCause(last, t);
            }
            last = t;
        }
        return first != null ? first : new RemoteTaskException("unknown", "the child sent no error");
    }

    private static Throwable rebuild(String className, String message) {
        try {
            Class<?> type = Class.forName(className, false, ErrorTransfer.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(type)) {
                Constructor<?> constructor = type.getConstructor(String.class);
                Throwable t = (Throwable) constructor.newInstance(message);
                if (Objects.equals(t.getMessage(), message) && t.getCause() == null) {
                    return t;
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not rebuildable here: fall back to a RemoteTaskException naming the class
        }
        return new RemoteTaskException(className, message);
    }

    private static void attachCause(Throwable t, Throwable cause) {
        try {
            t.initCause(cause);
        } catch (IllegalStateException | IllegalArgumentException e) {
            t.addSuppressed(cause);
        }
    }
}
