package opshub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writing a tree directly gives the bytes Jackson's own tree serialization gives: records
 * and content hashes written before stay reproducible (a retry of an event stored by an
 * earlier version is still recognised as a duplicate).
 */
class JsonTreesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "[]",
        "{\"vsmFunction\":\"OPS\",\"vsmSystem\":\"S1\",\"status\":401}",
        "{\"z\":1,\"a\":{\"y\":[3,{\"d\":null,\"c\":true,\"b\":false}],\"x\":[]},\"m\":\"\"}",
        "{\"price\":1.50,\"big\":123456789012345678901234567890,\"neg\":-0.0001e10,"
                + "\"exp\":1E+400,\"tiny\":1e-400,\"zero\":-0.0,\"int\":-2147483648,"
                + "\"long\":9223372036854775807,\"past\":9223372036854775808}",
        "{\"text\":\"quote \\\" backslash \\\\ tab \\t newline \\n \\u0001 \\u00e9\\u6f22\","
                + "\"emoji\":\"\\ud83d\\ude00\",\"\\u00e9\":\"key\",\"</script>\":\"x\"}",
        "[1,\"two\",[3,[4,[5]]],{\"b\":1,\"a\":2},null,true,1.0]"
    })
    void writesTheBytesJacksonWrites(String json) throws Exception {
        JsonNode tree = JsonBodies.STRICT.readTree(json);

        assertEquals(jackson(tree), written(tree, false));
        assertEquals(jackson(sortedCopy(tree)), written(tree, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"int", "long", "bigInteger", "float", "double", "decimal"})
    void writesEveryNumericNodeAsItsSerializerDoes(String kind) throws Exception {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode number = switch (kind) {
            case "int" -> nodes.numberNode(-17);
            case "long" -> nodes.numberNode(1L << 40);
            case "bigInteger" -> nodes.numberNode(BigInteger.TEN.pow(30));
            case "float" -> nodes.numberNode(0.1f);
            case "double" -> nodes.numberNode(1e-7);
            default -> nodes.numberNode(new BigDecimal("1.10E+3"));
        };
        ArrayNode array = nodes.arrayNode().add(number);

        assertEquals(jackson(array), written(array, false));
    }

    private static String written(JsonNode tree, boolean sorted) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JsonBodies.STRICT.createGenerator(out)) {
            if (sorted) {
                JsonTrees.writeSorted(tree, generator);
            } else {
                JsonTrees.write(tree, generator);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String jackson(JsonNode tree) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JsonBodies.STRICT.createGenerator(out)) {
            generator.writeTree(tree);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The tree with the members of every object inserted in name order. */
    private static JsonNode sortedCopy(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            names.forEach(name -> copy.set(name, sortedCopy(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(sortedCopy(item)));
            return copy;
        }
        return node;
    }
}
