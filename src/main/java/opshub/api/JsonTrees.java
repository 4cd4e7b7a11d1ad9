package opshub.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON tree straight to a generator: the same bytes as
 * {@code generator.writeTree(node)}, without looking up a serializer for every value, which
 * is most of the cost of writing the small trees events carry.
 */
public final class JsonTrees {

    private JsonTrees() {
    }

    /** Members in the order the tree holds them, as the client sent them. */
    public static void write(JsonNode node, JsonGenerator generator) throws IOException {
        write(node, generator, false);
    }

    /** Members sorted by name at every level: the canonical form content hashes are of. */
    public static void writeSorted(JsonNode node, JsonGenerator generator) throws IOException {
        write(node, generator, true);
    }

    private static void write(JsonNode node, JsonGenerator generator, boolean sorted)
            throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, generator, sorted);
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode item : node) {
                    write(item, generator, sorted);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> writeNumber(node, generator);
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            // binary, POJO and missing nodes never come out of parsing JSON text
            default -> generator.writeTree(node);
        }
    }

    private static void writeObject(JsonNode node, JsonGenerator generator, boolean sorted)
            throws IOException {
        generator.writeStartObject();
        if (sorted) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) {
                generator.writeFieldName(name);
                write(node.get(name), generator, true);
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                generator.writeFieldName(member.getKey());
                write(member.getValue(), generator, false);
            }
        }
        generator.writeEndObject();
    }

    /** Each numeric node as its own serializer writes it. */
    private static void writeNumber(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.numberType()) {
            case INT -> generator.writeNumber(node.intValue());
            case LONG -> generator.writeNumber(node.longValue());
            case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
            case FLOAT -> generator.writeNumber(node.floatValue());
            case DOUBLE -> generator.writeNumber(node.doubleValue());
            case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
            default -> generator.writeTree(node);
        }
    }
}
