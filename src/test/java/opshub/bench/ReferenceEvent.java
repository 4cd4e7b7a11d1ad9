package opshub.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;
import java.util.UUID;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;
import opshub.ledger.Digests;
import opshub.ledger.EventRecord;
import opshub.merkle.Rfc6962;

/**
 * The README's reference evidence event, under a fresh id each time: as the envelope a probe
 * posts, and as the row ops-hub would store for it (same record bytes, same leaf hash).
 */
final class ReferenceEvent {

    /** The name of the probe token the benchmark posts with: the events' {@code source}. */
    static final String SOURCE = "bench-probe";

    private static final String WIDGET_ID = "ops-endpoint-gitea-registry";
    private static final String EVENT_TYPE = "ops-endpoint-verified";
    private static final String VIEW_CONTEXT = "railiance-apps/workplans/RAIL-AP-WP-0001";
    private static final String METADATA = """
            {"vsmFunction":"OPS","vsmSystem":"S1","endpoint":"https://gitea.coulomb.social/v2/",\
            "expectedStatus":401,\
            "observedHeader":"Docker-Distribution-Api-Version: registry/2.0"}""";
    private static final String CONTENT = "\"widgetId\":\"" + WIDGET_ID
            + "\",\"eventType\":\"" + EVENT_TYPE + "\",\"viewContext\":\"" + VIEW_CONTEXT
            + "\",\"metadata\":" + METADATA + "}";
    private static final ObjectNode METADATA_TREE = parse(METADATA);
    // every copy has the same content (the id is not part of it), so one hash serves all
    private static final byte[] CONTENT_HASH =
            Digests.sha256(("{" + CONTENT).getBytes(StandardCharsets.UTF_8));

    /** One row of evidence_event, as ops-hub would store the reference event. */
    record Row(long position, UUID id, String eventType, String widgetId, String viewContext,
            String metadata, OffsetDateTime observedAt, OffsetDateTime recordedAt,
            String source, byte[] contentHash, byte[] record, byte[] leafHash) {
    }

    private ReferenceEvent() {
    }

    /** One envelope, the body of a single-event request. */
    static String envelope() {
        return "{\"id\":\"" + UUID.randomUUID() + "\"," + CONTENT;
    }

    /** A JSON array of {@code size} envelopes, each with its own id. */
    static String batch(int size) {
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int i = 0; i < size; i++) {
            batch.add(envelope());
        }
        return batch.toString();
    }

    /** The row for a fresh copy of the event at {@code position}, observed and recorded now. */
    static Row row(long position) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope event = new EventEnvelope(UUID.randomUUID(), EVENT_TYPE, WIDGET_ID,
                VIEW_CONTEXT, METADATA_TREE, now, null, CONTENT_HASH);
        byte[] record = EventRecord.encode(position, event, now, SOURCE);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return new Row(position, event.id(), EVENT_TYPE, WIDGET_ID, VIEW_CONTEXT, METADATA, at,
                at, SOURCE, CONTENT_HASH, record, Rfc6962.hashLeaf(record));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JsonBodies.STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the reference metadata is not JSON: " + json, e);
        }
    }
}
