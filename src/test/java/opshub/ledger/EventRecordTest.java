package opshub.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A record built from parts is byte for byte the record written in one pass. */
class EventRecordTest {

    private static final Instant OBSERVED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant RECORDED = Instant.parse("2026-12-03T10:00:00.123456Z");

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"vsmFunction\":\"OPS\",\"vsmSystem\":\"S1\",\"status\":401}",
        "{\"price\":1.50,\"big\":123456789012345678901234567890,\"neg\":-0.0001e10}",
        "{\"text\":\"quote \\\" backslash \\\\ tab \\t newline \\n nul-free \\u00e9\\u6f22\"}",
        "{\"emoji\":\"\\ud83d\\ude00\",\"nested\":{\"z\":[1,{\"a\":null,\"b\":true}],\"a\":[]}}",
        "{\"exp\":1E+400,\"tiny\":1e-400,\"zero\":-0.0,\"long\":9223372036854775808}"
    })
    void recordFromPartsEqualsOnePassEncoding(String metadata) throws Exception {
        EventEnvelope event = envelope(metadata, "view \"ctx\" é");

        for (String source : new String[] {"probe", "backup-probe \"x\" é"}) {
            assertArrayEquals(onePass(123456789L, event, RECORDED, source),
                    EventRecord.encode(123456789L, event, RECORDED, source));
        }
    }

    /** The metadata column gets the text the record holds, cut out of the record. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"a\":\"\\u00e9\\u6f22 \\ud83d\\ude00\",\"b\":[1,2.50,{\"c\":null}],\"observedAt\":\"x\"}",
        "{\"metadata\":{\"metadata\":\":\"}}"
    })
    void metadataTextIsTheRecordsMetadata(String metadata) throws Exception {
        EventEnvelope event = envelope(metadata, "v");

        EventRecord.Body body = EventRecord.body(event);

        assertEquals(event.metadata(), JsonBodies.STRICT.readTree(body.metadataText()));
        String record = new String(EventRecord.encode(1, event, RECORDED, "probe"),
                StandardCharsets.UTF_8);
        assertEquals(event.metadata(), JsonBodies.STRICT.readTree(record).get("metadata"));
        assertTrue(record.contains("\"metadata\":" + body.metadataText() + ","));
    }

    @Test
    void recordStartsWithPositionAndEndsWithSource() {
        byte[] record = EventRecord.encode(7, envelope("{}", "v"), RECORDED, "probe");

        String text = new String(record, StandardCharsets.UTF_8);
        assertEquals("{\"position\":7,\"id\":", text.substring(0, 19));
        assertEquals(",\"source\":\"probe\"}", text.substring(text.length() - 18));
    }

    /** The encoding as written before records were built from parts, kept as the reference. */
    private static byte[] onePass(long position, EventEnvelope event, Instant recordedAt,
            String source) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonBodies.STRICT.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("position", position);
            json.writeStringField("id", event.id().toString());
            json.writeStringField("eventType", event.eventType());
            json.writeStringField("widgetId", event.widgetId());
            json.writeStringField("viewContext", event.viewContext());
            json.writeFieldName("metadata");
            json.writeTree(event.metadata());
            json.writeStringField("observedAt", event.observedAt().toString());
            json.writeStringField("recordedAt", recordedAt.toString());
            json.writeStringField("source", source);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static EventEnvelope envelope(String metadata, String viewContext) {
        try {
            ObjectNode node = (ObjectNode) JsonBodies.STRICT.readTree(metadata);
            return new EventEnvelope(UUID.randomUUID(), "ops-endpoint-verified", "w-1",
                    viewContext, node, OBSERVED, null, new byte[32]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
