package opshub.intake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import opshub.api.JsonBodies;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JsonBodies.STRICT.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        if (!node.isObject()) {
            if (node.isArray()) {
                generator.writeStartArray();
                for (JsonNode item : node) {
                    write(item, generator);
                }
                generator.writeEndArray();
            } else {
                generator.writeTree(node);
            }
            return;
        }

        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        Collections.sort(names);
        generator.writeStartObject();
        for (String name : names) {
            generator.writeFieldName(name);
            write(node.get(name), generator);
        }
        generator.writeEndObject();
    }
}
