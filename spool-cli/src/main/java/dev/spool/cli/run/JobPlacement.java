package dev.spool.cli.run;

import dev.spool.cli.job.JobCommand;

/**
 * Where a job runs: on this computer, or on the computer its slot belongs to ({@code --sshlogin}). Thread-safe.
 */
public interface JobPlacement {

    /** Every job on this computer, as given. */
    JobPlacement LOCAL = new JobPlacement() {
        @Override
        public JobCommand place(JobCommand command, PlannedJob job, int slot) {
            return command;
        }

        @Override
        public String host(int slot) {
            return ":";
        }
    };

    /**
     * The directory a job that runs here runs in ({@code --workdir}), created if need be; null for spool's own.
     *
     * @throws java.io.IOException if it cannot be created
     */
    default java.nio.file.Path directory(PlannedJob job, int slot) throws java.io.IOException {
        return null;
    }

    /**
     * For each slot from 1 (index 0 unused), the index of the computer it belongs to, when jobs spread over
     * several computers ({@code -S}); null for one.
     */
    default int[] hostOfSlots() {
        return null;
    }

    /** The computers (indexes, as {@link #hostOfSlots()}) {@code job} may run on; null for any. */
    default java.util.BitSet computersFor(PlannedJob job) {
        return null;
    }

    /**
     * {@code --nice N}: as {@code inner}, each job that runs here started by {@code nice -n N}; {@code inner}
     * itself when {@code nice} is null.
     */
    static JobPlacement niced(Integer nice, JobPlacement inner) {
        if (nice == null) {
            return inner;
        }
        byte[][] prefix = {"nice".getBytes(), "-n".getBytes(), Integer.toString(nice).getBytes()};
        return new JobPlacement() {
            @Override
            public JobCommand place(JobCommand command, PlannedJob job, int slot) {
                JobCommand placed = inner.place(command, job, slot);
                if (!inner.host(slot).equals(":")) {
                    return placed; // a remote job: ssh is not what should be niced
                }
                java.util.List<byte[]> argv = new java.util.ArrayList<>(java.util.List.of(prefix));
                argv.addAll(placed.argv());
                return new JobCommand(argv, placed.viaShell(), placed.display());
            }

            @Override
            public String host(int slot) {
                return inner.host(slot);
            }

            @Override
            public java.nio.file.Path directory(PlannedJob job, int slot) throws java.io.IOException {
                return inner.directory(job, slot);
            }

            @Override
            public int[] hostOfSlots() {
                return inner.hostOfSlots();
            }

            @Override
            public java.util.BitSet computersFor(PlannedJob job) {
                return inner.computersFor(job);
            }
        };
    }

    /**
     * What to launch here so that {@code command}, the job's command, runs where slot {@code slot} runs its
     * jobs. Its {@code display} stays the job's own command line.
     */
    JobCommand place(JobCommand command, PlannedJob job, int slot);

    /** The joblog's Host for slot {@code slot}: the sshlogin, or {@code :} for this computer. */
    String host(int slot);
}
