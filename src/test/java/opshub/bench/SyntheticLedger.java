package opshub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import opshub.intake.EventEnvelope;
import opshub.ledger.Digests;
import opshub.ledger.EventRecord;
import opshub.merkle.Rfc6962;
import opshub.projection.OpsState;
import opshub.projection.SystemEvents;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Appends synthetic events straight into {@code evidence_event} with COPY, continuing the
 * positions gaplessly after the existing head: first one declaration per entity of a
 * {@link SyntheticInventory}, then evidence about those entities. Every row is real: its
 * record bytes come from {@link EventRecord#encode} and its leaf hash from
 * {@link Rfc6962#hashLeaf}, exactly as the ledger writer makes them.
 *
 * <p>Requires that no server is appending meanwhile: positions are taken from the head read
 * at the start. The append-only trigger refuses only UPDATE, DELETE and TRUNCATE, so COPY is
 * allowed.
 */
final class SyntheticLedger {

    private static final String COPY = "COPY evidence_event (position, id, event_type,"
            + " widget_id, view_context, metadata, observed_at, recorded_at, source,"
            + " content_hash, record, leaf_hash) FROM STDIN";
    private static final int ROWS_PER_COMMIT = 100_000;
    private static final int BYTES_PER_WRITE = 4 << 20;
    private static final HexFormat HEX = HexFormat.of();
    private static final String PROBE_CONTEXT = "ops-probes/blackbox/RAIL-AP-WP-0001";

    /** What was written: positions (first, head], record bytes, and the time it took. */
    record Written(long first, long head, long recordBytes, double seconds,
            List<String> endpointKeys) {
    }

    private final Connection db;
    private final SyntheticInventory inventory;
    private final Random random;
    private final Widgets widgets;
    private Instant recordedAt;
    private long stepMicros;
    private long recordBytes;

    /** The widgets the synthetic events address, taken from the reference inventory. */
    private record Widgets(String catalog, String endpoint, String datastore) {
    }

    private SyntheticLedger(Connection db, SyntheticInventory inventory, Random random,
            Widgets widgets) {
        this.db = db;
        this.inventory = inventory;
        this.random = random;
        this.widgets = widgets;
    }

    static Written append(Connection db, int events, int entities, long seed) throws SQLException {
        Random random = new Random(seed);
        SyntheticInventory inventory = SyntheticInventory.of(entities, random);
        SyntheticLedger ledger = new SyntheticLedger(db, inventory, random, widgets(db));
        return ledger.write(events);
    }

    private Written write(int events) throws SQLException {
        long start = System.nanoTime();
        long[] head = head();
        long first = head[0] + 1;
        // recorded times run from the head's to now, so they grow with the position
        recordedAt = Instant.EPOCH.plus(head[1], ChronoUnit.MICROS);
        long span = ChronoUnit.MICROS.between(recordedAt, Instant.now());
        stepMicros = Math.max(1, span / events);

        db.setAutoCommit(false);
        CopyIn copy = null;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(BYTES_PER_WRITE + (1 << 16));
        for (int i = 0; i < events; i++) {
            if (copy == null) {
                copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            }
            row(first + i, event(i), buffer);
            if (buffer.size() >= BYTES_PER_WRITE) {
                flush(copy, buffer);
            }
            if ((i + 1) % ROWS_PER_COMMIT == 0 || i == events - 1) {
                flush(copy, buffer);
                copy.endCopy();
                db.commit();
                copy = null;
            }
        }
        db.setAutoCommit(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Written(first, first + events - 1, recordBytes, seconds,
                inventory.keys("endpoints"));
    }

    /** The {@code index}-th synthetic event: declarations first, then evidence. */
    private Event event(int index) {
        List<ObjectNode> declarations = inventory.declarations();
        if (index < declarations.size()) {
            ObjectNode metadata = declarations.get(index);
            UUID id = SystemEvents.derivedId(OpsState.ENTITY_DECLARED + "|bench|"
                    + metadata.get("kind").asText() + "/" + metadata.get("key").asText());
            return new Event(id, OpsState.ENTITY_DECLARED, widgets.catalog(),
                    SystemEvents.SOURCE, SystemEvents.SOURCE, metadata);
        }
        UUID id = new UUID(random.nextLong(), random.nextLong());
        int dice = random.nextInt(100);
        if (dice < 78) {
            return endpointEvidence(id, "ops-endpoint-verified");
        }
        if (dice < 92) {
            return endpointEvidence(id, "ops-endpoint-check-failed");
        }
        return backupEvidence(id);
    }

    private record Event(UUID id, String type, String widget, String context, String source,
            ObjectNode metadata) {
    }

    private Event endpointEvidence(UUID id, String type) {
        List<String> endpoints = inventory.keys("endpoints");
        int index = random.nextInt(endpoints.size());
        // a few go to the reference endpoint, so its readiness gate has a deciding event
        String entity = random.nextInt(1000) == 0 ? "endpoints/gitea-registry"
                : "endpoints/" + endpoints.get(index);
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("endpoint", inventory.endpointUrl(index));
        metadata.put("entity", entity);
        if (type.equals("ops-endpoint-verified")) {
            metadata.put("expectedStatus", 200);
            metadata.put("observedStatus", 200);
            metadata.put("observedHeader", "Content-Type: application/json; charset=utf-8");
            metadata.put("latencyMs", Math.round(random.nextDouble() * 4000) / 10.0);
            metadata.put("probe", "blackbox-exporter@" + inventory.pick("hosts"));
        } else {
            ArrayNode failures = metadata.putArray("failures");
            failures.addObject().put("condition", "status").put("got", 503).put("want", 200);
            if (random.nextBoolean()) {
                failures.addObject().put("condition", "latencyMs")
                        .put("got", 2000 + random.nextInt(8000)).put("want", "<= 2000");
            }
        }
        return new Event(id, type, widgets.endpoint(), PROBE_CONTEXT, "endpoint-probe",
                metadata);
    }

    private Event backupEvidence(UUID id) {
        String store = random.nextInt(100) == 0 ? "gitea-db" : inventory.pick("datastores");
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("dataStore", store);
        metadata.put("entity", "datastores/" + store);
        metadata.put("location", "s3://ops-backups/" + store + "/" + recordedAt);
        metadata.put("sizeBytes", 1_000_000L + random.nextInt(2_000_000_000));
        metadata.put("tool", "pgbackrest");
        metadata.put("durationSeconds", 30 + random.nextInt(3000));
        return new Event(id, "ops-backup-completed", widgets.datastore(), PROBE_CONTEXT,
                "backup-probe", metadata);
    }

    /** One COPY text row; the record bytes are encoded exactly as the ledger writer does. */
    private void row(long position, Event event, ByteArrayOutputStream out) {
        recordedAt = recordedAt.plus(stepMicros, ChronoUnit.MICROS);
        Instant observedAt = recordedAt.minus(random.nextInt(3_000_000), ChronoUnit.MICROS);
        byte[] contentHash = Digests.sha256((event.type() + "|" + event.widget() + "|"
                + event.context() + "|" + event.metadata() + "|" + observedAt)
                .getBytes(StandardCharsets.UTF_8));
        EventEnvelope envelope = new EventEnvelope(event.id(), event.type(), event.widget(),
                event.context(), event.metadata(), observedAt, null, contentHash);
        byte[] record = EventRecord.encode(position, envelope, recordedAt, event.source());
        recordBytes += record.length;

        StringBuilder line = new StringBuilder(3 * record.length + 512);
        line.append(position).append('\t').append(event.id()).append('\t');
        text(line, event.type()).append('\t');
        text(line, event.widget()).append('\t');
        text(line, event.context()).append('\t');
        text(line, event.metadata().toString()).append('\t');
        line.append(observedAt).append('\t').append(recordedAt).append('\t');
        text(line, event.source()).append('\t');
        bytea(line, contentHash).append('\t');
        bytea(line, record).append('\t');
        bytea(line, Rfc6962.hashLeaf(record)).append('\n');
        out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** COPY's text format: backslash, tab, newline and carriage return are escaped. */
    private static StringBuilder text(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        return line;
    }

    /** bytea in hex form ({@code \x...}), its backslash escaped for COPY. */
    private static StringBuilder bytea(StringBuilder line, byte[] value) {
        return line.append("\\\\x").append(HEX.formatHex(value));
    }

    private static void flush(CopyIn copy, ByteArrayOutputStream buffer) throws SQLException {
        byte[] bytes = buffer.toByteArray();
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.reset();
    }

    /** The head position and its recorded time in microseconds since the epoch. */
    private long[] head() throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT position, recorded_at"
                        + " FROM evidence_event ORDER BY position DESC LIMIT 1")) {
            if (!rows.next()) {
                throw new IllegalStateException("the ledger is empty; the server's first start"
                        + " should have loaded the reference inventory");
            }
            Instant time = rows.getObject(2, OffsetDateTime.class).toInstant();
            return new long[] {rows.getLong(1), ChronoUnit.MICROS.between(Instant.EPOCH, time)};
        }
    }

    private static Widgets widgets(Connection db) throws SQLException {
        return new Widgets(
                first(db, "SELECT widget_id FROM evidence_event"
                        + " WHERE event_type = 'ops-entity-declared' ORDER BY position LIMIT 1"),
                registeredWidget(db, "endpoint"), registeredWidget(db, "datastore"));
    }

    private static String registeredWidget(Connection db, String kind) throws SQLException {
        return first(db, "SELECT metadata->>'id' FROM evidence_event"
                + " WHERE event_type = 'opshub.widget-registered'"
                + " AND metadata->>'kind' = '" + kind + "' ORDER BY position LIMIT 1");
    }

    private static String first(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : SystemEvents.HUB_WIDGET;
        }
    }
}
