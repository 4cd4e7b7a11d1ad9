package opshub.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;

/**
 * The exact bytes recorded for an event: one compact JSON object with the members in this
 * fixed order: position, id, eventType, widgetId, viewContext, metadata (as the client sent
 * it), observedAt, recordedAt, source. These bytes are the Merkle leaf, so they are written
 * once and never re-encoded.
 */
public final class EventRecord {

    private EventRecord() {
    }

    public static byte[] encode(long position, EventEnvelope event, Instant recordedAt,
            String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
