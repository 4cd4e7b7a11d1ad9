package opshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The dashboard benchmark (docs/benchmarks.md, "Dashboard"): the packaged server on a fresh
 * embedded PostgreSQL with the reference inventory, plus {@code bench.entities} (10,000)
 * synthetic catalog entities declared over HTTP; then the overview the dashboard opens with,
 * {@code GET /api/v1/dashboard/overview}, and the other first reads of its pages, each
 * timed over {@code bench.requests} sequential requests after a warm-up. Times are measured
 * by the client on loopback, so they bound the server's time from above.
 */
public final class DashboardBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = BenchServer.ADMIN_TOKEN;
    private static final int BATCH = 1000;
    private static final double LIMIT_MILLIS = 300;

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entities = Integer.getInteger("bench.entities", 10_000);
        int requests = Integer.getInteger("bench.requests", 200);
        Path work = Files.createTempDirectory("opshub-dashbench-");
        try (BenchServer server = BenchServer.start(work, "dashboard", Map.of(), "default")) {
            server.awaitCaughtUp(1);
            long head = declare(server, entities);
            server.awaitCaughtUp(head);
            JsonNode counts = JSON.readTree(server.get("/api/v1/catalog", TOKEN).body());
            System.out.printf("catalog after loading: %s%n", counts.get("counts"));

            double p95 = report(server, "/api/v1/dashboard/overview", requests);
            report(server, "/", requests);
            report(server, "/dashboard/app.js", requests);
            report(server, "/api/v1/readiness", requests);
            report(server, "/api/v1/migrations", requests);
            report(server, "/api/v1/catalog/services", requests / 4);
            System.out.printf("%s: overview p95 %.1f ms, limit %.0f ms%n",
                    p95 < LIMIT_MILLIS ? "PASS" : "FAIL", p95, LIMIT_MILLIS);
        } finally {
            deleteTree(work);
        }
    }

    /** Declares the synthetic entities in batches; returns the ledger head afterwards. */
    private static long declare(BenchServer server, int entities) throws Exception {
        String widget = catalogWidget(server);
        List<ObjectNode> declarations = SyntheticInventory.of(entities, new Random(6))
                .declarations();
        long head = 0;
        for (int from = 0; from < declarations.size(); from += BATCH) {
            ArrayNode batch = JSON.createArrayNode();
            for (ObjectNode metadata : declarations.subList(from,
                    Math.min(from + BATCH, declarations.size()))) {
                batch.addObject().put("widgetId", widget)
                        .put("eventType", "ops-entity-declared")
                        .put("viewContext", "dashboard-benchmark")
                        .set("metadata", metadata);
            }
            HttpResponse<String> answer = server.post("/api/v1/events", TOKEN,
                    JSON.writeValueAsString(batch));
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("declaring entities failed: "
                        + answer.statusCode() + " " + answer.body());
            }
            JsonNode receipts = JSON.readTree(answer.body());
            head = receipts.get(receipts.size() - 1).get("position").asLong();
        }
        System.out.printf("declared %d entities, ledger head %d%n", declarations.size(), head);
        return head;
    }

    /** The widget the reconciler declares catalog entities through. */
    private static String catalogWidget(BenchServer server) throws Exception {
        JsonNode page = JSON.readTree(server.get(
                "/api/v1/events?eventType=ops-entity-declared&limit=1", TOKEN).body());
        return page.get("events").get(0).get("widgetId").asText();
    }

    private static double report(BenchServer server, String path, int requests)
            throws Exception {
        for (int i = 0; i < Math.max(10, requests / 10); i++) {
            server.get(path, TOKEN);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = server.get(path, TOKEN);
            nanos[i] = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + answer.statusCode());
            }
        }
        Latencies latencies = Latencies.of(nanos);
        System.out.printf("%-32s n=%4d  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n",
                path, requests, latencies.millis(0.5), latencies.millis(0.95),
                latencies.millis(0.99), latencies.millis(1.0));
        return latencies.millis(0.95);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
