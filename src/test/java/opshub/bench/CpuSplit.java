package opshub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time goes during a window: this JVM (the load generator and the
 * JDBC baseline), the ops-hub server, PostgreSQL, and everything else on the machine (other
 * builds on a shared one), in cores used on average. Also how long the server's threads and
 * PostgreSQL's processes waited in the run queue each time they woke up: on a busy machine
 * every round trip between the two pays that wait on both sides. Read from Linux's /proc.
 */
final class CpuSplit {

    private static final Path PROC = Path.of("/proc");
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final long serverPid;
    private final long postmasterPid;

    /**
     * CPU ticks (USER_HZ) spent so far by the machine and by each party, and the run-queue
     * waits of the server's threads and PostgreSQL's processes, by thread id.
     */
    record Sample(long machineBusy, long machineTotal, long bench, long server, long postgres,
            Map<Long, Waits> serverWaits, Map<Long, Waits> postgresWaits) {
    }

    /** Time spent waiting in the run queue and number of runs on a CPU (/proc schedstat). */
    record Waits(long nanos, long runs) {

        static final Waits NONE = new Waits(0, 0);

        Waits plus(Waits other) {
            return new Waits(nanos + other.nanos, runs + other.runs);
        }

        Waits minus(Waits earlier) {
            return new Waits(nanos - earlier.nanos, runs - earlier.runs);
        }

        /**
         * Mean wait per wake-up between two samples, over the threads alive at both: one that
         * started or ended in between would add or take away its whole history.
         */
        static double millisPerRun(Map<Long, Waits> from, Map<Long, Waits> to) {
            Waits delta = to.entrySet().stream().filter(e -> from.containsKey(e.getKey()))
                    .map(e -> e.getValue().minus(from.get(e.getKey())))
                    .reduce(NONE, Waits::plus);
            return delta.runs == 0 ? Double.NaN : delta.nanos / 1e6 / delta.runs;
        }
    }

    /** Cores used on average, and mean run-queue wait per wake-up, between two samples. */
    record Cores(double bench, double server, double postgres, double other,
            double serverWaitMillis, double postgresWaitMillis) {

        @Override
        public String toString() {
            return String.format("bench %.2f, server %.2f, postgres %.2f, other %.2f of %d;"
                    + " run-queue wait per wake-up: server %.2f ms, postgres %.2f ms", bench,
                    server, postgres, other, CORES, serverWaitMillis, postgresWaitMillis);
        }
    }

    CpuSplit(long serverPid, Path postgresData) {
        this.serverPid = serverPid;
        this.postmasterPid = postmasterPid(postgresData);
    }

    Sample sample() {
        long[] machine = machineTicks();
        List<Long> postgres = postgresPids();
        Map<Long, Waits> postgresWaits = new HashMap<>();
        postgres.forEach(pid -> postgresWaits.putAll(threadWaits(pid)));
        return new Sample(machine[0], machine[1], ownTicks(ProcessHandle.current().pid()),
                ownTicks(serverPid), postgresTicks(postgres), threadWaits(serverPid),
                postgresWaits);
    }

    static Cores between(Sample from, Sample to) {
        // the machine's total ticks count every core, so this is the wall time in ticks
        double wall = (to.machineTotal() - from.machineTotal()) / (double) CORES;
        double bench = (to.bench() - from.bench()) / wall;
        double server = (to.server() - from.server()) / wall;
        double postgres = (to.postgres() - from.postgres()) / wall;
        double busy = (to.machineBusy() - from.machineBusy()) / wall;
        return new Cores(bench, server, postgres, Math.max(0, busy - bench - server - postgres),
                Waits.millisPerRun(from.serverWaits(), to.serverWaits()),
                Waits.millisPerRun(from.postgresWaits(), to.postgresWaits()));
    }

    /** PostgreSQL forks a process per connection: the postmaster and its children. */
    private List<Long> postgresPids() {
        return Stream.concat(Stream.of(postmasterPid), ProcessHandle.of(postmasterPid).stream()
                .flatMap(ProcessHandle::children).map(ProcessHandle::pid)).toList();
    }

    /** The live processes' CPU time and, through the postmaster, that of reaped children. */
    private long postgresTicks(List<Long> pids) {
        long[] postmaster = stat(postmasterPid);
        return postmaster[2] + postmaster[3] + pids.stream().mapToLong(CpuSplit::ownTicks).sum();
    }

    private static long ownTicks(long pid) {
        long[] times = stat(pid);
        return times[0] + times[1];
    }

    /** utime, stime, cutime, cstime of a process; zeros once it is gone. */
    private static long[] stat(long pid) {
        Optional<String> line = read(PROC.resolve(pid + "/stat"));
        if (line.isEmpty()) {
            return new long[4];
        }

        // the command name in parentheses may hold spaces; fields 14-17 follow it
        String[] fields = line.get().substring(line.get().lastIndexOf(')') + 2).split(" ");
        long[] times = new long[4];
        for (int i = 0; i < times.length; i++) {
            times[i] = Long.parseLong(fields[11 + i]);
        }
        return times;
    }

    /** The run-queue waits of each live thread of a process, by thread id. */
    private static Map<Long, Waits> threadWaits(long pid) {
        Map<Long, Waits> waits = new HashMap<>();
        try (Stream<Path> tasks = Files.list(PROC.resolve(pid + "/task"))) {
            tasks.forEach(task -> read(task.resolve("schedstat")).ifPresent(line -> {
                String[] fields = line.trim().split(" ");
                waits.put(Long.parseLong(task.getFileName().toString()),
                        new Waits(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            }));
        } catch (IOException e) {
            // the process has exited: no threads to report
        }
        return waits;
    }

    /** Busy and total ticks of all cores: the first line of /proc/stat. */
    private static long[] machineTicks() {
        String[] fields = read(PROC.resolve("stat")).orElseThrow().split("\n")[0].trim()
                .split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest time is already in user
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total - idle, total};
    }

    private static long postmasterPid(Path postgresData) {
        Path pidFile = postgresData.resolve("postmaster.pid");
        String first = read(pidFile).orElseThrow(() -> new IllegalStateException(
                "no " + pidFile + ": is PostgreSQL running?")).lines().findFirst().orElseThrow();
        return Long.parseLong(first.trim());
    }

    /** The file's text; empty when it cannot be read, e.g. the process has just exited. */
    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
