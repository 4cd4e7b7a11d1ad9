package opshub.intake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import opshub.api.JsonBodies;
import opshub.api.JsonTrees;
import opshub.ledger.Digests;

/**
 * SHA-256 of the canonical JSON of what a client sent (keys sorted at every level, no
 * whitespace), so that a retry matches its original however the client ordered its keys.
 */
final class ContentHash {

    private ContentHash() {
    }

    static byte[] of(String eventType, String widgetId, String viewContext, ObjectNode metadata,
            Instant observedAt) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("eventType", eventType);
        content.put("widgetId", widgetId);
        content.put("viewContext", viewContext);
        content.set("metadata", metadata);
        if (observedAt != null) {
            content.put("observedAt", observedAt.toString());
        }
        return Digests.sha256(canonical(content));
    }

    static byte[] canonical(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JsonBodies.STRICT.createGenerator(out)) {
            JsonTrees.writeSorted(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
