package opshub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import opshub.testing.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 against the packaged server: events acknowledged just before a kill -9 are all
 * there after a restart on the same data directory, at the positions their receipts named.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 8;

    @Test
    void everyAcknowledgedEventSurvivesKillNine() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-crash-");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();

        try (ServerProcess server = ServerProcess.start(dataDir, Map.of()).awaitReady()) {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                running.add(writers.submit(() -> writeUntilRefused(server, acknowledged)));
            }
            Thread.sleep(3000);
            server.kill();
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
        }
        assertFalse(acknowledged.isEmpty(), "writes were acknowledged before the kill");

        try (ServerProcess restarted = ServerProcess.start(dataDir, Map.of()).awaitReady()) {
            for (Map.Entry<String, Long> receipt : acknowledged.entrySet()) {
                HttpResponse<String> event = restarted.get("/api/v1/events/" + receipt.getKey());
                assertEquals(200, event.statusCode(), "event " + receipt.getKey());
                assertEquals(receipt.getValue(), JSON.readTree(event.body()).get("position")
                        .asLong());
            }
            assertGapless(restarted);
        }
    }

    @Test
    void secondServerOnSameDataDirFailsFast() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-shared-");
        try (ServerProcess first = ServerProcess.start(dataDir, Map.of()).awaitReady();
                ServerProcess second = ServerProcess.start(dataDir, Map.of())) {
            assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "second server exits");
            assertNotEquals(0, second.process().exitValue());
            assertTrue(second.output().contains("in use by another ops-hub"), second.output());
            assertEquals(200, first.get("/q/health/ready").statusCode(), "first still serves");
        }
    }

    @Test
    void removedLockFileDoesNotLetASecondServerStopTheFirstOnesDatabase() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-unlocked-");
        try (ServerProcess first = ServerProcess.start(dataDir, Map.of()).awaitReady()) {
            Files.delete(dataDir.resolve("opshub.lock"));
            try (ServerProcess second = ServerProcess.start(dataDir, Map.of())) {
                assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "second exits");
                assertTrue(second.output().contains("in use by another ops-hub"),
                        second.output());
            }
            assertEquals(201, first.post("/api/v1/events", event(UUID.randomUUID()))
                    .statusCode(), "the first server still appends");
        }
    }

    @Test
    void serverExitsWhenItsEmbeddedDatabaseDies() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-dies-");
        try (ServerProcess server = ServerProcess.start(dataDir, Map.of()).awaitReady()) {
            long pid = Long.parseLong(Files.readAllLines(
                    dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "the server exits");
            assertEquals(70, server.process().exitValue());
        }
        try (ServerProcess restarted = ServerProcess.start(dataDir, Map.of()).awaitReady()) {
            assertEquals(200, restarted.get("/q/health/ready").statusCode());
        }
    }

    private static String event(UUID id) {
        return "{\"id\":\"" + id + "\",\"widgetId\":\"ops-endpoint-gitea-registry\","
                + "\"eventType\":\"ops-endpoint-verified\",\"viewContext\":\"it\","
                + "\"metadata\":{\"vsmFunction\":\"OPS\",\"vsmSystem\":\"S1\","
                + "\"endpoint\":\"https://gitea.coulomb.social/v2/\"}}";
    }

    /** Appends one event after another until the server stops answering. */
    private static void writeUntilRefused(ServerProcess server, Map<String, Long> acknowledged) {
        while (true) {
            UUID uuid = UUID.randomUUID();
            String id = uuid.toString();
            String body = event(uuid);
            try {
                HttpResponse<String> receipt = server.post("/api/v1/events", body);
                if (receipt.statusCode() != 201) {
                    return;
                }
                acknowledged.put(id, JSON.readTree(receipt.body()).get("position").asLong());
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void assertGapless(ServerProcess server) throws Exception {
        long expected = 1;
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(server.get("/api/v1/events?limit=1000&after=" + after)
                    .body());
            if (page.get("events").isEmpty()) {
                return;
            }
            for (JsonNode event : page.get("events")) {
                assertEquals(expected++, event.get("position").asLong());
            }
            after = page.get("next").asLong();
        }
    }
}
