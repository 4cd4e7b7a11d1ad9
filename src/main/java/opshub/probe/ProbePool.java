package opshub.probe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs probes at most {@code concurrency} at a time, each on a thread of its own and bounded
 * by its timeout, so a hanging endpoint holds one slot for at most its timeout and never
 * delays the probes running beside it. Runs beyond the bound wait for a free slot.
 */
public final class ProbePool implements AutoCloseable {

    private final ExecutorService runs;
    private final ExecutorService lookups;
    private final ProbeRunner runner;

    public ProbePool(int concurrency) {
        this.runs = Executors.newFixedThreadPool(concurrency, daemons("opshub-probe-"));
        this.lookups = Executors.newCachedThreadPool(daemons("opshub-probe-dns-"));
        this.runner = new ProbeRunner(lookups);
    }

    public CompletableFuture<Observation> submit(ProbeSpec spec, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> runner.observe(spec, timeout), runs);
    }

    @Override
    public void close() {
        runs.shutdownNow();
        lookups.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
