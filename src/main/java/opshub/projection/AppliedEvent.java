package opshub.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import opshub.api.JsonBodies;
import opshub.ledger.RecordedEvent;

/** A ledger event as projections see it: the recorded JSON, parsed once. */
public record AppliedEvent(long position, UUID id, String eventType, String widgetId,
        ObjectNode metadata, Instant observedAt, Instant recordedAt, String source) {

    /**
     * The event a record describes; empty when the record is not an event as ops-hub writes
     * them (only a writer behind the server's back can put such a record in the ledger).
     */
    public static Optional<AppliedEvent> of(RecordedEvent event) {
        try {
            JsonNode json = JsonBodies.STRICT.readTree(event.record());
            return Optional.of(new AppliedEvent(event.position(),
                    UUID.fromString(json.get("id").asText()), json.get("eventType").asText(),
                    json.get("widgetId").asText(), (ObjectNode) json.get("metadata"),
                    Instant.parse(json.get("observedAt").asText()),
                    Instant.parse(json.get("recordedAt").asText()),
                    json.get("source").asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public String text(String field) {
        JsonNode value = metadata.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
