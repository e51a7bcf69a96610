package dev.spool.process;

import java.lang.reflect.Modifier;

/**
 * Checks that a child JVM can make an instance of a class by its name: what tasks, codecs and initializers
 * of process workers must allow. Each check throws {@link IllegalArgumentException} naming the class and
 * what is wrong with it.
 */
final class TaskClasses {

    /* Implementation notes. The verdicts are cached per class (a ClassValue), so that a map over millions
     * of inputs checks its task once. A null verdict means the class is fine. */

    private static final ClassValue<String> PROBLEMS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return problem(type);
        }
    };

    private TaskClasses() {}

    /**
     * Throws if a child JVM could not create {@code type} by name with its public no-argument constructor.
     *
     * @param role what the class is for, for the message: {@code task}, {@code codec}, ...
     * @throws IllegalArgumentException naming the class and the problem
     */
    static void requireCreatableInChild(Class<?> type, String role) {
        String problem = PROBLEMS.get(type);
        if (problem != null) {
            throw new IllegalArgumentException("a process worker cannot run this " + role + ": " + problem);
        }
    }

    private static String problem(Class<?> type) {
        String name = type.getName();
        if (type.isHidden() || name.contains("$$Lambda")) {
            return name + " is a lambda or hidden class, which another JVM cannot create by name;"
                    + " write the " + "task as a public class with a public no-argument constructor";
        }
        if (type.isAnonymousClass() || type.isLocalClass()) {
            return name + " is an anonymous or local class; make it a public top-level or public static"
                    + " nested class with a public no-argument constructor";
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return name + " is not public" + (c == type ? "" : " (its enclosing class " + c.getName() + " is not)");
            }
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            return name + " is an inner (non-static) class; make it static";
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            return name + " is abstract";
        }
        try {
            var constructor = type.getConstructor();
            if (!Modifier.isPublic(constructor.getModifiers())) {
                return name + " has no public no-argument constructor";
            }
        } catch (NoSuchMethodException e) {
            return name + " has no public no-argument constructor";
        }
        Module module = type.getModule();
        if (module.isNamed() && !module.isExported(type.getPackageName())) {
            return name + " is in package " + type.getPackageName() + ", which module " + module.getName()
                    + " does not export";
        }
        try {
            Class<?> again = Class.forName(name, false, ClassLoader.getSystemClassLoader());
            if (again != type) {
                return name + " was loaded by " + type.getClassLoader()
                        + ", not from the class path the child JVMs start with";
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return name + " is not on the class path the child JVMs start with (loaded by "
                    + type.getClassLoader() + ")";
        }
        return null;
    }
}
