package opshub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs clients, one thread each, through a warm-up and then a measured window of fixed
 * length. A call counts when it completes inside the window: every client keeps its load on
 * across both edges, so the rate is completions per second of window, without a ramp-up or
 * drain inside it.
 */
final class LoadRun {

    /** One client of the system under test: each call is one request or one transaction. */
    interface Client extends AutoCloseable {

        /** Stores some events and returns how many; throws unless all of them were stored. */
        int call() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Told when the measured window opens and closes, e.g. to sample CPU time. */
    interface Window {

        /** A window nobody watches. */
        Window NONE = new Window() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        void opened();

        void closed();
    }

    /**
     * @param events events stored by calls that completed in the window
     * @param acknowledged events stored over the whole run, warm-up included
     * @param errors failed calls over the whole run
     */
    record Outcome(long events, long acknowledged, Duration measured, Latencies latencies,
            long errors, String firstError) {

        double eventsPerSecond() {
            return events / (measured.toNanos() / 1e9);
        }
    }

    private LoadRun() {
    }

    static Outcome run(List<? extends Client> clients, Duration warmup, Duration measured,
            Window window) throws InterruptedException {
        long opens = System.nanoTime() + warmup.toNanos();
        long closes = opens + measured.toNanos();
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Client client : clients) {
            Tally tally = new Tally();
            Thread thread = new Thread(() -> tally.drive(client, opens, closes),
                    "bench-client-" + threads.size());
            tallies.add(tally);
            threads.add(thread);
            thread.start();
        }

        sleepUntil(opens);
        window.opened();
        sleepUntil(closes);
        window.closed();

        for (Thread thread : threads) {
            thread.join();
        }
        return merge(tallies, measured);
    }

    private static Outcome merge(List<Tally> tallies, Duration measured) {
        long events = 0;
        long acknowledged = 0;
        long errors = 0;
        String firstError = null;
        List<long[]> latencies = new ArrayList<>();
        for (Tally tally : tallies) {
            events += tally.events;
            acknowledged += tally.acknowledged;
            errors += tally.errors;
            firstError = firstError != null ? firstError : tally.firstError;
            latencies.add(Arrays.copyOf(tally.latencies, tally.calls));
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        return new Outcome(events, acknowledged, measured, Latencies.of(all), errors,
                firstError);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** What one client did; only its own thread writes it, read after the thread ended. */
    private static final class Tally {

        private static final long PAUSE_AFTER_ERROR_MILLIS = 10;

        long[] latencies = new long[1024];
        int calls;
        long events;
        long acknowledged;
        long errors;
        String firstError;

        void drive(Client client, long opens, long closes) {
            long started;
            while ((started = System.nanoTime()) < closes) {
                int stored;
                try {
                    stored = client.call();
                } catch (Exception e) {
                    failed(e);
                    continue;
                }

                long done = System.nanoTime();
                acknowledged += stored;
                if (done >= opens && done < closes) {
                    measured(stored, done - started);
                }
            }
        }

        private void measured(int stored, long nanos) {
            if (calls == latencies.length) {
                latencies = Arrays.copyOf(latencies, calls * 2);
            }
            latencies[calls++] = nanos;
            events += stored;
        }

        /** A failed call is counted, not retried; the pause keeps a dead server from a spin. */
        private void failed(Exception e) {
            errors++;
            if (firstError == null) {
                firstError = e.toString();
            }
            try {
                Thread.sleep(PAUSE_AFTER_ERROR_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
