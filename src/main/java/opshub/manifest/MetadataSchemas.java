package opshub.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.BasicNodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import opshub.api.FieldError;

/**
 * Validates event metadata against its type's JSON Schema (2020-12). Compiled schemas are
 * cached by their text. Pure: no I/O beyond the schemas given (remote $refs are not fetched).
 */
public final class MetadataSchemas {

    /** Only the dialect's own meta-schemas, which the library ships, are ever loaded. */
    private static final String META_SCHEMAS = "https://json-schema.org/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaLoader(loader ->
                    loader.allow(iri -> iri.toString().startsWith(META_SCHEMAS))));
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final Schema META_SCHEMA = REGISTRY.getSchema(
            SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    /** The bound keywords; see {@link #decimalBounds}. */
    private static final Set<String> BOUNDS =
            Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");

    private static final String TOO_DEEP =
            "the schema's references nest without end; validation would never finish";

    private MetadataSchemas() {
    }

    /** Every violation, each with the JSON pointer under {@code at}; empty when valid. */
    public static List<FieldError> violations(JsonNode schema, JsonNode metadata, String at) {
        return violations(schema.toString(), metadata, at);
    }

    /** As above, for a schema given as its JSON text (the key of its compiled form). */
    static List<FieldError> violations(String schema, JsonNode metadata, String at) {
        List<Error> found;
        try {
            found = compile(schema).validate(validatorTree(metadata));
        } catch (StackOverflowError e) {
            // a schema registered before loops were refused; the stack has unwound by now
            return List.of(FieldError.of(at, "cannot be checked: " + TOO_DEEP));
        } catch (RuntimeException e) {
            // a value the validator cannot handle: refused, never an internal error
            return List.of(FieldError.of(at, "cannot be checked against the schema: "
                    + e.getMessage()));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Error error : found) {
            String pointer = at + pointer(error.getInstanceLocation());
            if (error.getProperty() != null && "required".equals(error.getKeyword())) {
                pointer = pointer + "/" + escape(error.getProperty());
            }
            errors.add(FieldError.of(pointer, error.getMessage()));
        }
        return errors;
    }

    /**
     * Why a document is not a JSON Schema 2020-12: its violations of the meta-schema (which
     * the library ships, so nothing is fetched), or the reason it does not compile.
     */
    public static List<String> problems(JsonNode schema) {
        try {
            List<String> problems = new ArrayList<>();
            for (Error error : META_SCHEMA.validate(schema.toString(), InputFormat.JSON)) {
                problems.add(pointer(error.getInstanceLocation()) + " " + error.getMessage());
            }
            outsideReferences(schema, "", problems);
            if (problems.isEmpty()) {
                SchemaLoops.find(schema).ifPresent(at -> problems.add((at.isEmpty() ? "/" : at)
                        + " refers back to itself without reading deeper into the metadata,"
                        + " so validation would never end"));
            }
            if (problems.isEmpty()) {
                compile(schema.toString()).validate("{}", InputFormat.JSON);
            }
            return problems;
        } catch (RuntimeException e) {
            return List.of(String.valueOf(e.getMessage()));
        } catch (StackOverflowError e) {
            return List.of(TOO_DEEP);
        }
    }

    /**
     * The same JSON as the validator's own tree type (Jackson 3), built node by node: cheaper
     * than writing the metadata out as text and parsing it back.
     */
    static tools.jackson.databind.JsonNode validatorTree(JsonNode node) {
        tools.jackson.databind.node.JsonNodeFactory nodes =
                tools.jackson.databind.node.JsonNodeFactory.instance;
        return switch (node.getNodeType()) {
            case OBJECT -> {
                tools.jackson.databind.node.ObjectNode object = nodes.objectNode();
                node.fields().forEachRemaining(member ->
                        object.set(member.getKey(), validatorTree(member.getValue())));
                yield object;
            }
            case ARRAY -> {
                tools.jackson.databind.node.ArrayNode array = nodes.arrayNode(node.size());
                node.forEach(item -> array.add(validatorTree(item)));
                yield array;
            }
            case STRING -> nodes.stringNode(node.textValue());
            case BOOLEAN -> nodes.booleanNode(node.booleanValue());
            case NUMBER -> switch (node.numberType()) {
                case INT -> nodes.numberNode(node.intValue());
                case LONG -> nodes.numberNode(node.longValue());
                case BIG_INTEGER -> nodes.numberNode(node.bigIntegerValue());
                case FLOAT -> nodes.numberNode(node.floatValue());
                case DOUBLE -> nodes.numberNode(node.doubleValue());
                case BIG_DECIMAL -> nodes.numberNode(node.decimalValue());
            };
            case NULL -> nodes.nullNode();
            // binary, POJO and missing nodes never come out of parsing JSON text
            default -> throw new IllegalArgumentException("not a JSON value: "
                    + node.getNodeType());
        };
    }

    /**
     * References to anything but a place in the schema itself ({@code "#/$defs/x"}) or a
     * JSON Schema meta-schema: nothing is fetched, from the network or from the server's
     * files, so a schema naming one could check no event.
     */
    private static void outsideReferences(JsonNode node, String at, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                outsideReferences(node.get(i), at + "/" + i, problems);
            }
            return;
        }
        node.fields().forEachRemaining(member -> {
            String child = at + "/" + escape(member.getKey());
            JsonNode value = member.getValue();
            boolean reference = member.getKey().equals("$ref")
                    || member.getKey().equals("$dynamicRef");
            if (reference && value.isTextual() && !value.asText().startsWith("#")
                    && !value.asText().startsWith(META_SCHEMAS)) {
                problems.add(child + " refers to " + value.asText() + " outside the schema;"
                        + " only references within it (#...) are allowed");
            } else if (!reference) {
                outsideReferences(value, child, problems);
            }
        });
    }

    private static Schema compile(String schema) {
        return COMPILED.computeIfAbsent(schema, text -> REGISTRY.getSchema(decimalBounds(
                BasicNodeReader.getInstance().readSchema(text, InputFormat.JSON))));
    }

    /**
     * The schema with every integer bound ({@code "minimum": 0}) as a decimal of the same
     * value. Against an integer bound of an integer-typed field, the library reads the
     * metadata's number with {@code asLong()}, which throws for one beyond 64 bits
     * ({@code 1e19}); against a decimal bound it compares exact decimals, the same test for
     * every value that does not throw.
     */
    static tools.jackson.databind.JsonNode decimalBounds(tools.jackson.databind.JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                tools.jackson.databind.JsonNode value = object.get(name);
                if (BOUNDS.contains(name) && value.isIntegralNumber()) {
                    object.put(name, value.decimalValue());
                } else {
                    decimalBounds(value);
                }
            }
        } else if (node.isArray()) {
            node.forEach(MetadataSchemas::decimalBounds);
        }
        return node;
    }

    private static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return pointer.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
