package opshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server (target/quarkus-app/quarkus-run.jar) as a child process on localhost,
 * pointed at the benchmark's PostgreSQL, with the clock started just before the process is.
 */
final class BenchServer implements AutoCloseable {

    static final String ADMIN_TOKEN = "projbench-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofMinutes(15);
    /** USER_HZ, the unit of CPU times in /proc: 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS = 100;

    private final Process process;
    private final long startNanos;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BenchServer(Process process, long startNanos, int port, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        this.port = port;
        this.log = log;
    }

    /** The moments a start reached, in seconds after the process was started. */
    record Start(double readySeconds, double caughtUpSeconds, long position) {
    }

    /** Memory of the server process: kernel figures in MiB, heap figures in MiB (-1: none). */
    record Memory(double hwmMib, double rssMib, double heapUsedMib) {
    }

    /** Starts the server; {@code heap} is its -Xmx, or {@code default} for the JVM's own. */
    static BenchServer start(Path workDir, String name, Map<String, String> env, String heap)
            throws IOException {
        int port = freePort();
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaTool("java")));
        if (!heap.equals("default")) {
            command.add("-Xmx" + heap);
        }
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPSHUB_DATA_DIR", workDir.resolve("server").toString());
        builder.environment().put("OPSHUB_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(env);
        long startNanos = System.nanoTime();
        return new BenchServer(builder.start(), startNanos, port, log);
    }

    /**
     * Polls /q/health/ready until it answers 200, then until the projections have applied
     * {@code head}. Polling every 20 ms costs the server next to nothing.
     */
    Start awaitCaughtUp(long head) throws IOException, InterruptedException {
        long deadline = startNanos + START_LIMIT.toNanos();
        double ready = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited early; see " + log);
            }
            JsonNode health = readyHealth();
            if (health != null) {
                double now = secondsSinceStart();
                ready = ready < 0 ? now : ready;
                long position = projectionsPosition(health);
                if (position >= head) {
                    return new Start(ready, now, position);
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("server not caught up within " + START_LIMIT
                + "; see " + log);
    }

    HttpResponse<String> get(String path, String token) throws IOException,
            InterruptedException {
        return http.send(request(path, token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String json) throws IOException,
            InterruptedException {
        HttpRequest request = request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofMinutes(5));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpClient http() {
        return http;
    }

    /** VmHWM and VmRSS from /proc, and the heap in use as /q/metrics reports it. */
    Memory memory() throws IOException, InterruptedException {
        double hwm = -1;
        double rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = kib(line) / 1024.0;
            } else if (line.startsWith("VmRSS:")) {
                rss = kib(line) / 1024.0;
            }
        }
        return new Memory(hwm, rss, heapUsedMib());
    }

    /**
     * CPU seconds the server process has used so far (user + system, from /proc). Unlike
     * wall time this hardly depends on what else the shared machine runs.
     */
    double cpuSeconds() throws IOException {
        return cpuSeconds(process.pid());
    }

    /** CPU seconds this benchmark's own process has used so far. */
    static double ownCpuSeconds() throws IOException {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid + "", "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3 of stat(5), utime 14 and stime 15
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / (double) CLOCK_TICKS;
    }

    /** The machine's 1-minute load average, to tell a noisy measurement from a quiet one. */
    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** Asks the server's JVM for a full collection, so the heap figure after it is live data. */
    void collectGarbage() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    /** Runs a diagnostic command in the server's JVM: GC.run, JFR.start, JFR.stop. */
    void jcmd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaTool("jcmd"),
                String.valueOf(process.pid())));
        command.addAll(List.of(arguments));
        new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60,
                        TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM, so the server shuts down as an operator's stop would. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private double heapUsedMib() throws IOException, InterruptedException {
        HttpResponse<String> metrics = get("/q/metrics", null);
        if (metrics.statusCode() != 200) {
            return -1;
        }
        double bytes = 0;
        boolean found = false;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? bytes / (1024 * 1024) : -1;
    }

    private JsonNode readyHealth() throws InterruptedException {
        try {
            HttpResponse<String> response = get("/q/health/ready", null);
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null; // not listening yet
        }
    }

    private static long projectionsPosition(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if ("projections".equals(check.path("name").asText())) {
                return check.path("data").path("position").asLong(-1);
            }
        }
        return -1;
    }

    private double secondsSinceStart() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    private static String javaTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
