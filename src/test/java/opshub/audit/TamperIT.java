package opshub.audit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import opshub.testing.LedgerDatabase;
import opshub.testing.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4 end to end, on a packaged server with a ledger of its own: history changed in
 * PostgreSQL behind the server's back (as superuser, bypassing the append-only guard) is
 * named, position and all, by GET /api/v1/ledger/verify and by the offline verifier jar.
 */
class TamperIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 5;
    /** Which of the test's events is tampered with; its position is read from its receipt. */
    private static final int TAMPERED_EVENT = 3;

    private long tampered;
    private static final String REWRITE_RECORD = "UPDATE evidence_event SET record = convert_to("
            + "replace(convert_from(record, 'UTF8'), 'original', 'rewritten'), 'UTF8')"
            + " WHERE position = ?";

    @Test
    void changedRecordIsNamedByVerifyAndOfflineVerifier() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-tamper-");
        try (ServerProcess server = startWithCheckpointPerEvent(dataDir)) {
            Path dir = Files.createTempDirectory("opshub-audit-");
            assertEquals(0, offlineVerify(server, dir).exit, "intact history verifies");

            try (LedgerDatabase db = database(dataDir)) {
                db.bypassingGuard(REWRITE_RECORD, tampered);
            }

            assertFinding(server, "leaf-changed");
            Verdict offline = offlineVerify(server, dir);
            assertEquals(1, offline.exit, offline.output);
            assertTrue(offline.output.startsWith("FAILED: position " + tampered + ": leaf changed"),
                    offline.output);
        }
    }

    /** With the stored leaf hash rewritten too, only the signed roots can tell. */
    @Test
    void changedRecordAndLeafHashAreNamedThroughTheSignedRoots() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-tamper-");
        try (ServerProcess server = startWithCheckpointPerEvent(dataDir)) {
            try (LedgerDatabase db = database(dataDir)) {
                db.bypassingGuard(REWRITE_RECORD, tampered);
                db.bypassingGuard("UPDATE evidence_event SET leaf_hash ="
                        + " sha256('\\x00'::bytea || record) WHERE position = ?", tampered);
            }

            JsonNode finding = assertFinding(server, "leaf-changed");
            assertTrue(finding.get("detail").asText().contains("checkpoint"),
                    finding.toString());
        }
    }

    @Test
    void deletedEventIsNamedAsMissing() throws Exception {
        Path dataDir = Files.createTempDirectory("opshub-tamper-");
        try (ServerProcess server = startWithCheckpointPerEvent(dataDir)) {
            try (LedgerDatabase db = database(dataDir)) {
                db.bypassingGuard("DELETE FROM evidence_event WHERE position = ?", tampered);
            }

            assertFinding(server, "event-missing");
            Verdict offline = offlineVerify(server, Files.createTempDirectory("opshub-audit-"));
            assertTrue(offline.output.startsWith("FAILED: position " + tampered + ": event missing"),
                    offline.output);
        }
    }

    /**
     * A server without the reference inventory (so nothing else appends meanwhile: no gates
     * to record), one widget, and a checkpoint signed after each of the test's events.
     */
    private ServerProcess startWithCheckpointPerEvent(Path dataDir) throws Exception {
        ServerProcess server = ServerProcess.start(dataDir,
                Map.of("OPSHUB_LEDGER_CHECKPOINT_INTERVAL", "1h",
                        "OPSHUB_INVENTORY_FILES", "none")).awaitReady();
        assertEquals(201, server.post("/api/v1/widgets", "{\"slug\":\"tamper-test\","
                + "\"kind\":\"datastore\",\"target\":\"datastores/tamper-test\"}").statusCode());
        assertEquals(201, server.post("/api/v1/ledger/checkpoints", "").statusCode());
        for (int i = 1; i <= EVENTS; i++) {
            String event = "{\"widgetId\":\"tamper-test\",\"eventType\":\"ops-backup-completed\","
                    + "\"viewContext\":\"it\",\"metadata\":{\"vsmFunction\":\"OPS\","
                    + "\"vsmSystem\":\"S1\",\"dataStore\":\"tamper-test\",\"note\":\"original\"}}";
            var receipt = server.post("/api/v1/events", event);
            assertEquals(201, receipt.statusCode(), receipt.body());
            if (i == TAMPERED_EVENT) {
                tampered = JSON.readTree(receipt.body()).get("position").asLong();
            }
            assertEquals(201, server.post("/api/v1/ledger/checkpoints", "").statusCode());
        }
        return server;
    }

    private JsonNode assertFinding(ServerProcess server, String kind) throws Exception {
        JsonNode report = JSON.readTree(server.get("/api/v1/ledger/verify").body());
        JsonNode finding = report.path("finding");
        assertAll(() -> assertEquals("failed", report.path("status").asText(), report.toString()),
                () -> assertEquals(kind, finding.path("kind").asText(), report.toString()),
                () -> assertEquals(tampered, finding.path("position").asLong(), report.toString()));
        return finding;
    }

    /** Downloads export, checkpoints and key, then runs the documented verifier command. */
    private static Verdict offlineVerify(ServerProcess server, Path dir) throws Exception {
        Path export = Files.writeString(dir.resolve("export.ndjson"),
                server.get("/api/v1/ledger/export").body());
        Path key = Files.writeString(dir.resolve("key.txt"),
                server.get("/api/v1/ledger/public-key").body());
        List<String> command = new ArrayList<>(List.of(java(), "-jar", verifierJar(), "verify",
                "--export", export.toString(), "--key", key.toString()));
        JsonNode history = JSON.readTree(server.get("/api/v1/ledger/checkpoints").body());
        for (JsonNode checkpoint : history.get("checkpoints")) {
            String name = "checkpoint-" + checkpoint.get("treeSize").asLong() + ".txt";
            Path note = Files.writeString(dir.resolve(name), checkpoint.get("note").asText());
            command.addAll(List.of("--checkpoint", note.toString()));
        }

        Process verifier = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(verifier.getInputStream().readAllBytes());
        assertTrue(verifier.waitFor(60, TimeUnit.SECONDS), "verifier finishes");
        return new Verdict(verifier.exitValue(), output);
    }

    private static LedgerDatabase database(Path dataDir) throws Exception {
        String port = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).trim();
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        return LedgerDatabase.connect("jdbc:postgresql://localhost:" + port + "/postgres",
                password);
    }

    private static String verifierJar() {
        return System.getProperty("opshub.test.verifier-jar", "target/ops-hub-verifier.jar");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Verdict(int exit, String output) {
    }
}
