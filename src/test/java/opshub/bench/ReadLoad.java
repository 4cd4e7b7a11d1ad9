package opshub.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads at a fixed rate, open loop: request i is due at start + i / rate whatever happened
 * to the ones before, and a small pool of client threads sends them. Latency is counted from
 * the moment a request was due, so a server that stalls is charged for the requests queued
 * behind the stall (no coordinated omission); the time from sending is kept beside it.
 */
final class ReadLoad {

    private static final int CLIENT_THREADS = 8;

    /** A read the load repeats: a label and the paths it draws from. */
    record Target(String label, List<String> paths) {
    }

    /** Latency figures in milliseconds for one label (or {@code all}). */
    record Summary(String label, int requests, int errors, double p50, double p99,
            double max, double p99FromSend) {
    }

    /** The summaries and the rate actually dispatched. */
    record Result(List<Summary> summaries, double achievedRate) {
        Summary all() {
            return summaries.get(0);
        }
    }

    private ReadLoad() {
    }

    static Result run(BenchServer server, String token, List<Target> targets, int rate,
            Duration duration, long seed) throws InterruptedException {
        int count = (int) (rate * duration.toMillis() / 1000);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        Random random = new Random(seed);
        int[] target = new int[count];
        HttpRequest[] requests = new HttpRequest[count];
        for (int i = 0; i < count; i++) {
            target[i] = i % targets.size();
            List<String> paths = targets.get(target[i]).paths();
            requests[i] = server.request(paths.get(random.nextInt(paths.size())), token)
                    .GET().build();
        }

        long[] fromDue = new long[count];
        long[] fromSend = new long[count];
        boolean[] failed = new boolean[count];
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            waitUntil(due);
            int n = i;
            clients.execute(() -> send(server, requests[n], due, n, fromDue, fromSend, failed));
        }
        double dispatchSeconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        if (!clients.awaitTermination(5, TimeUnit.MINUTES)) {
            clients.shutdownNow();
        }
        return new Result(summaries(targets, target, fromDue, fromSend, failed),
                count / Math.max(dispatchSeconds, 1e-9));
    }

    /**
     * Each target's paths read {@code count} times, one request at a time: the service time
     * of a read with nothing queued before it.
     */
    static List<Summary> oneAtATime(BenchServer server, String token, List<Target> targets,
            int count, long seed) throws InterruptedException {
        Random random = new Random(seed);
        int[] target = new int[count * targets.size()];
        long[] took = new long[target.length];
        long[] fromSend = new long[target.length];
        boolean[] failed = new boolean[target.length];
        for (int i = 0; i < target.length; i++) {
            target[i] = i % targets.size();
            List<String> paths = targets.get(target[i]).paths();
            HttpRequest request = server.request(paths.get(random.nextInt(paths.size())), token)
                    .GET().build();
            send(server, request, System.nanoTime(), i, took, fromSend, failed);
        }
        return summaries(targets, target, took, fromSend, failed);
    }

    private static void send(BenchServer server, HttpRequest request, long due, int n,
            long[] fromDue, long[] fromSend, boolean[] failed) {
        long sent = System.nanoTime();
        try {
            HttpResponse<byte[]> response = server.http().send(request,
                    HttpResponse.BodyHandlers.ofByteArray());
            failed[n] = response.statusCode() != 200;
        } catch (IOException | InterruptedException e) {
            failed[n] = true;
        }
        long done = System.nanoTime();
        fromDue[n] = done - due;
        fromSend[n] = done - sent;
    }

    private static void waitUntil(long due) {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static List<Summary> summaries(List<Target> targets, int[] target, long[] fromDue,
            long[] fromSend, boolean[] failed) {
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        byLabel.put("all", new ArrayList<>());
        targets.forEach(t -> byLabel.put(t.label(), new ArrayList<>()));
        for (int i = 0; i < target.length; i++) {
            byLabel.get("all").add(i);
            byLabel.get(targets.get(target[i]).label()).add(i);
        }
        List<Summary> summaries = new ArrayList<>();
        byLabel.forEach((label, indexes) -> summaries.add(
                summary(label, indexes, fromDue, fromSend, failed)));
        return summaries;
    }

    private static Summary summary(String label, List<Integer> indexes, long[] fromDue,
            long[] fromSend, boolean[] failed) {
        long[] due = indexes.stream().mapToLong(i -> fromDue[i]).sorted().toArray();
        long[] send = indexes.stream().mapToLong(i -> fromSend[i]).sorted().toArray();
        int errors = (int) indexes.stream().filter(i -> failed[i]).count();
        return new Summary(label, due.length, errors, percentile(due, 50),
                percentile(due, 99), due[due.length - 1] / 1e6, percentile(send, 99));
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    static String describe(Summary s) {
        return String.format("%-22s n=%5d errors=%d p50=%6.2f ms p99=%7.2f ms max=%7.2f ms"
                + " (p99 from send %6.2f ms)", s.label(), s.requests(), s.errors(), s.p50(),
                s.p99(), s.max(), s.p99FromSend());
    }
}
