package dev.spool.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM: this JVM's class path (and module path), the options, {@link ChildMain}. */
final class ChildCommand {

    /**
     * Options every child gets before the caller's (which may override them): an OutOfMemoryError ends the
     * child at once (a half-dead JVM is replaced instead), and the JVM's own messages go to stderr, never into
     * the protocol on stdout.
     */
    static final List<String> DEFAULT_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr");

    private ChildCommand() {}

    static List<String> of(ProcessWorkerSpec spec) {
        List<String> command = new ArrayList<>();
        command.add(java(spec.javaHome()).toString());
        command.addAll(DEFAULT_OPTIONS);
        command.addAll(spec.jvmOptions());
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            command.add("-cp");
            command.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        Module self = ChildMain.class.getModule();
        if (!modulePath.isEmpty()) {
            command.add("--module-path");
            command.add(modulePath);
            command.add("--add-modules");
            command.add("ALL-MODULE-PATH");
        }
        if (self.isNamed()) {
            command.add("-m");
            command.add(self.getName() + "/" + ChildMain.class.getName());
        } else {
            command.add(ChildMain.class.getName());
        }
        for (String codec : CodecTable.classNames(spec.codecs())) {
            command.add("--codec");
            command.add(codec);
        }
        if (spec.initializer() != null) {
            command.add("--initializer");
            command.add(spec.initializer().getName());
        }
        return command;
    }

    static Path java(Path javaHome) {
        return javaHome.resolve("bin").resolve("java");
    }
}
