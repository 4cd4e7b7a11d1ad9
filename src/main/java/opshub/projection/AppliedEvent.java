package opshub.projection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import opshub.ledger.RecordedEvent;

/** A ledger event as projections see it: the recorded JSON, parsed once. */
public record AppliedEvent(long position, UUID id, String eventType, String widgetId,
        ObjectNode metadata, Instant observedAt, Instant recordedAt, String source) {

    /**
     * Reads records as the ledger writer wrote them: numbers exactly as intake parsed them
     * (so conditions compare the same values), but without intake's duplicate-key check. The
     * writer never writes a duplicate key (intake refuses them), and a record changed behind
     * the server's back is found by verification against its leaf hash, not here.
     */
    private static final JsonMapper RECORDS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /**
     * The event a record describes; empty when the record is not an event as ops-hub writes
     * them (only a writer behind the server's back can put such a record in the ledger).
     * The members are streamed; only {@code metadata} becomes a tree.
     */
    public static Optional<AppliedEvent> of(RecordedEvent event) {
        try (JsonParser json = RECORDS.createParser(event.record())) {
            return Optional.ofNullable(read(event.position(), json));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static AppliedEvent read(long position, JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String id = null;
        String eventType = null;
        String widgetId = null;
        ObjectNode metadata = null;
        String observedAt = null;
        String recordedAt = null;
        String source = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "id" -> id = text(json, value);
                case "eventType" -> eventType = text(json, value);
                case "widgetId" -> widgetId = text(json, value);
                case "observedAt" -> observedAt = text(json, value);
                case "recordedAt" -> recordedAt = text(json, value);
                case "source" -> source = text(json, value);
                case "metadata" -> metadata = value == JsonToken.START_OBJECT
                        ? RECORDS.readTree(json) : null;
                default -> json.skipChildren();
            }
        }
        if (id == null || eventType == null || widgetId == null || metadata == null
                || observedAt == null || recordedAt == null || source == null) {
            return null;
        }
        return new AppliedEvent(position, UUID.fromString(id), eventType, widgetId, metadata,
                RecordTimes.parse(observedAt), RecordTimes.parse(recordedAt), source);
    }

    /** A member's text; null, its children skipped, when it is not a string. */
    private static String text(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        json.skipChildren();
        return null;
    }

    public String text(String field) {
        JsonNode value = metadata.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
