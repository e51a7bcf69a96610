package dev.spool.stop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process-wide handler of SIGINT, SIGTERM and SIGHUP: installed once, the first time something
 * {@linkplain #register registers}, and broadcasting each signal to every registered target (every live
 * pool) and to every {@linkplain #addListener listener}.
 *
 * <h2>The policy</h2>
 * While at least one target is registered:
 * <ul>
 *   <li>the first SIGINT or SIGTERM, and every SIGHUP, stops every target gracefully (nothing new starts,
 *       running work finishes); once every target has stopped, the JVM exits as it would have without
 *       Spool: status 128 + the signal's number, shutdown hooks run. A service manager's or {@code
 *       timeout}'s SIGTERM therefore ends the program, after its running tasks have finished.
 *       An application that wants to go on after its pools have stopped (to print a summary, or to serve
 *       on) says so with {@link #exitAfterStop(boolean) exitAfterStop(false)};
 *   <li>the second SIGINT or SIGTERM stops every target immediately (running work is interrupted); the
 *       exit follows as above;
 *   <li>the third exits the JVM at once with status 128 + the signal's number.
 * </ul>
 * With no target registered, a signal exits the JVM as it would without this handler (status 128 + the
 * signal's number; shutdown hooks run), after telling the listeners.
 *
 * <p>A signal that the process inherited as ignored (a background job of a non-interactive shell starts
 * with SIGINT and SIGQUIT ignored; {@code nohup} ignores SIGHUP) stays ignored, as the JVM does: {@link
 * #install()} leaves it alone and logs a warning naming it through {@code System.Logger} {@code
 * dev.spool.stop}. A program that must stop on SIGINT and SIGTERM whatever it inherited, as a job runner
 * must, calls {@link #installOverridingIgnored()}.
 *
 * <p>Signal handlers run on a thread the JVM starts for each signal; targets and listeners must return
 * quickly and must not wait for work to finish.
 */
public final class ShutdownSignals {

    /*
     * Implementation notes. `targets` is a concurrent set; `installed` is guarded by the class lock.
     * Counting is per process, not per target: "the second SIGINT" means the second the process got.
     * sun.misc.Signal is the JDK's supported-but-unsupported API (module jdk.unsupported) for this.
     *
     * HotSpot's JVM_RegisterSignal refuses, silently, to handle a shutdown signal (INT, TERM, HUP) whose
     * disposition is SIG_IGN: Signal.handle installs nothing and returns SIG_IGN, which takeOver reports
     * as a warning. So installOverridingIgnored
     * reads the kernel's SigIgn mask (/proc/self/status: no native call on the common path, where nothing
     * is ignored) and, only for a signal that is ignored, sets it to SIG_DFL with signal(2) through FFM,
     * then hands it to Signal.handle (before install() when it can, so that no warning is logged). A
     * disposition that is not SIG_IGN is never written, so a handled signal never falls back to its
     * default. Without native access the signal stays ignored.
     *
     * The exit after a stop (exitOnceStopped) waits on a daemon thread of its own, so that the signal's
     * handler thread returns at once; `exiter` is set once, so the first signal's status is the exit's.
     */

    /** Something a signal stops: a pool, or the command's job runner. */
    public interface Target {
        /** Starts a graceful or immediate stop; must return at once. */
        void stopOnSignal(boolean immediate, String signal);

        /**
         * Waits until the stop begun by {@link #stopOnSignal} has finished (a pool: terminated), before the
         * JVM exits; called on a thread of its own. The default returns at once.
         */
        default void awaitStopped() throws InterruptedException {}
    }

    /** Told of every signal, before the targets. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param signal {@code INT}, {@code TERM} or {@code HUP}
         * @param count how many SIGINT/SIGTERM the process has had so far (for HUP, the same count, unchanged)
         */
        void onSignal(String signal, int count);
    }

    private static final Set<Target> TARGETS = ConcurrentHashMap.newKeySet();
    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger STOP_SIGNALS = new AtomicInteger();
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    private static boolean installed;
    private static volatile boolean exitAfterStop = true;
    /** The thread that exits the JVM once every target has stopped; guarded by the class lock. */
    private static Thread exiter;
    /** The signals {@link #installOverridingIgnored()} takes over even when ignored; HUP stays as nohup left it. */
    private static final List<String> OVERRIDDEN_WHEN_IGNORED = List.of("INT", "TERM");
    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final long SIG_DFL = 0;
    private static final long SIG_IGN = 1;

    private ShutdownSignals() {}

    /**
     * Whether a signal that stopped the registered targets then exits the JVM, once they have stopped (see
     * the policy above); default true. Set false in a program that ends by itself after its pools stop, or
     * that means to go on.
     */
    public static void exitAfterStop(boolean exit) {
        exitAfterStop = exit;
    }

    /** Installs the handlers if not yet installed. Idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (String name : SIGNALS) {
            takeOver(new Signal(name));
        }
        installed = true;
    }

    /** Routes {@code signal} to {@link #handle(String, int)}; the JVM leaves it alone while it is ignored. */
    private static void takeOver(Signal signal) {
        try {
            SignalHandler previous = Signal.handle(signal, s -> handle(s.getName(), s.getNumber()));
            if (previous == SignalHandler.SIG_IGN) {
                // The JVM keeps an inherited SIG_IGN for its shutdown signals and installs nothing.
                System.getLogger("dev.spool.stop").log(System.Logger.Level.WARNING, "SIG" + signal.getName()
                        + " is ignored by this process (inherited from the process that started it, as a"
                        + " background job of a non-interactive shell inherits SIGINT): pools will not stop on"
                        + " SIG" + signal.getName());
            }
        } catch (IllegalArgumentException e) {
            // the JVM reserves the signal (-Xrs, or a platform without it): leave its default
            System.getLogger("dev.spool.stop").log(System.Logger.Level.DEBUG,
                    "cannot handle SIG" + signal.getName() + ": " + e.getMessage());
        }
    }

    /**
     * Installs the handlers as {@link #install()} does, and takes over SIGINT and SIGTERM even if the
     * process inherited them as ignored (SIGHUP ignored by {@code nohup} stays ignored). For programs that
     * promise to stop on these signals whatever started them, such as the {@code spool} command. Needs
     * native access ({@code --enable-native-access}); without it an ignored signal stays ignored.
     * Idempotent.
     */
    public static synchronized void installOverridingIgnored() {
        List<Signal> reset = new java.util.ArrayList<>();
        for (String name : OVERRIDDEN_WHEN_IGNORED) {
            Signal signal = new Signal(name);
            if (resetIfIgnored(signal.getNumber())) {
                reset.add(signal); // reset before the JVM is asked: it takes the signal, with no warning
            }
        }
        if (!installed) {
            install();
            return;
        }
        for (Signal signal : reset) {
            takeOver(signal); // installed earlier while it was ignored
        }
    }

    /** Sets the disposition of signal {@code number} to SIG_DFL if it is SIG_IGN; whether it was. */
    @SuppressWarnings("restricted") // the caller documents that it needs native access
    private static boolean resetIfIgnored(int number) {
        if ((ignoredSignalMask() & 1L << (number - 1)) == 0) {
            return false;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle signal = linker.downcallHandle(linker.defaultLookup().findOrThrow("signal"),
                    FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
            MemorySegment previous = (MemorySegment) signal.invokeExact(number, MemorySegment.ofAddress(SIG_DFL));
            return previous.address() == SIG_IGN;
        } catch (Throwable e) {
            // no native access, or no such C function: the signal keeps its inherited disposition
            System.getLogger("dev.spool.stop").log(System.Logger.Level.DEBUG,
                    "cannot take over ignored signal " + number + ": " + e);
            return false;
        }
    }

    /** The kernel's mask of this process's ignored signals (bit n-1 for signal n); 0 if it cannot be read. */
    private static long ignoredSignalMask() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("SigIgn:")) {
                    return Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing is known to be ignored
        }
        return 0;
    }

    /** Registers a target for stops, installing the handlers first if needed. */
    public static void register(Target target) {
        Objects.requireNonNull(target, "target");
        install();
        TARGETS.add(target);
    }

    /** Removes a target; unknown targets are ignored. */
    public static void unregister(Target target) {
        TARGETS.remove(target);
    }

    /** Adds a listener told of every signal, installing the handlers first if needed. */
    public static void addListener(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        install();
        LISTENERS.add(listener);
    }

    /** Removes a listener. */
    public static void removeListener(Listener listener) {
        LISTENERS.remove(listener);
    }

    /** How many SIGINT/SIGTERM the process has had. */
    public static int stopSignals() {
        return STOP_SIGNALS.get();
    }

    static void handle(String name, int number) {
        boolean hangup = name.equals("HUP");
        int count = hangup ? STOP_SIGNALS.get() : STOP_SIGNALS.incrementAndGet();
        for (Listener listener : LISTENERS) {
            try {
                listener.onSignal(name, count);
            } catch (RuntimeException e) {
                System.getLogger("dev.spool.stop").log(System.Logger.Level.WARNING,
                        "signal listener failed on SIG" + name, e);
            }
        }
        if (TARGETS.isEmpty() || count >= 3) {
            System.exit(128 + number);
            return;
        }
        boolean immediate = !hangup && count >= 2;
        List<Target> stopped = List.copyOf(TARGETS);
        for (Target target : stopped) {
            try {
                target.stopOnSignal(immediate, name);
            } catch (RuntimeException e) {
                System.getLogger("dev.spool.stop").log(System.Logger.Level.WARNING,
                        "stopping " + target + " on SIG" + name + " failed", e);
            }
        }
        if (exitAfterStop) {
            exitOnceStopped(stopped, 128 + number);
        }
    }

    /** Exits with {@code status} once every target has stopped; the first signal's status wins. */
    private static synchronized void exitOnceStopped(List<Target> targets, int status) {
        if (exiter != null) {
            return; // a later signal escalates the stop; the exit is already waiting for it
        }
        exiter = Thread.ofPlatform().name("spool-signal-exit").daemon(true).start(() -> {
            try {
                for (Target target : targets) {
                    target.awaitStopped();
                }
            } catch (InterruptedException e) {
                return; // nobody interrupts this thread; if someone does, no exit
            }
            if (exitAfterStop) {
                System.exit(status);
            }
        });
    }
}
