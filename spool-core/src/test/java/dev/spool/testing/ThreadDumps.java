package dev.spool.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Thread dumps for tests that detect a hang. */
public final class ThreadDumps {
    private ThreadDumps() {}

    /** Every live thread's stack, with the locks it holds and waits for. */
    public static String all() {
        var out = new StringBuilder("thread dump:\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
