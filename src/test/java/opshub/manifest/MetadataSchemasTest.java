package opshub.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import opshub.api.FieldError;
import opshub.api.JsonBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metadata reaches the validator as a tree of the same JSON, numbers exact: what a schema
 * says of a number holds for the decimal the client sent, not for a binary approximation.
 */
class MetadataSchemasTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{
              "count":{"type":"integer"},
              "ratio":{"multipleOf":0.01},
              "limit":{"maximum":10},
              "name":{"type":"string","maxLength":3},
              "tags":{"type":"array","items":{"type":"boolean"}},
              "none":{"type":"null"},
              "size":{"type":"integer","minimum":0,"maximum":100000000000000000000},
              "status":{"type":"integer","minimum":100,"maximum":599},
              "above":{"exclusiveMinimum":-5,"exclusiveMaximum":5}}}""";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"count\":1}                          | ",
        "{\"count\":1.0}                        | ",
        "{\"count\":1.5}                        | /metadata/count",
        "{\"count\":123456789012345678901234567890} | ",
        "{\"ratio\":0.07}                       | ",
        "{\"ratio\":0.075}                      | /metadata/ratio",
        "{\"limit\":10}                         | ",
        "{\"limit\":10.0000000000000001}        | /metadata/limit",
        "{\"name\":\"\\u00e9\\u00e9\\u00e9\"}   | ",
        "{\"name\":\"abcd\"}                    | /metadata/name",
        "{\"tags\":[true,false]}                | ",
        "{\"tags\":[true,1]}                    | /metadata/tags/1",
        "{\"none\":null}                        | ",
        "{\"none\":{}}                          | /metadata/none",
        "{\"size\":1e19}                        | ",
        "{\"size\":1.0e19}                      | ",
        "{\"size\":10000000000000000000.5}      | /metadata/size",
        "{\"size\":1e21}                        | /metadata/size",
        "{\"size\":-1e19}                       | /metadata/size",
        "{\"status\":1e19}                      | /metadata/status",
        "{\"status\":-1e19}                     | /metadata/status",
        "{\"status\":9.3e18}                    | /metadata/status",
        "{\"status\":1e400}                     | /metadata/status",
        "{\"status\":2e2}                       | ",
        "{\"status\":99999999999999999999}      | /metadata/status",
        "{\"above\":1e19}                       | /metadata/above",
        "{\"above\":-1e19}                      | /metadata/above",
        "{\"above\":4.99}                       | "
    })
    void judgesTheJsonTheClientSent(String metadata, String failing) throws Exception {
        List<FieldError> errors = MetadataSchemas.violations(SCHEMA, json(metadata),
                "/metadata");

        assertEquals(failing == null ? List.of() : List.of(failing),
                errors.stream().map(FieldError::pointer).toList(), errors.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"status\":1e19}  | must have a maximum value of 599",
        "{\"status\":99}    | must have a minimum value of 100",
        "{\"size\":-1}      | must have a minimum value of 0"
    })
    void aBoundIsNamedAsTheSchemaWritesIt(String metadata, String message) throws Exception {
        List<FieldError> errors = MetadataSchemas.violations(SCHEMA, json(metadata),
                "/metadata");

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).detail().contains(message), errors.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[1,2.50,\"x\",null,true,{\"a\":[{}]}]", "1E+400", "\"t\""})
    void theValidatorsTreeHoldsTheSameJson(String text) throws Exception {
        JsonNode tree = json(text);

        assertEquals(tools.jackson.databind.json.JsonMapper.builder()
                        .enable(tools.jackson.databind.DeserializationFeature
                                .USE_BIG_DECIMAL_FOR_FLOATS).build().readTree(tree.toString()),
                MetadataSchemas.validatorTree(tree));
    }

    /** Nothing is fetched: not from the network, not from the server's own files. */
    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "http://localhost:1/x.json",
        "classpath:application.properties", "other.json"})
    void aReferenceOutsideTheSchemaIsAProblem(String reference) throws Exception {
        List<String> problems = MetadataSchemas.problems(json(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + reference
                        + "\"}}}"));

        assertEquals(List.of("/properties/a/$ref refers to " + reference + " outside the"
                + " schema; only references within it (#...) are allowed"), problems);
    }

    @Test
    void aReferenceWithinTheSchemaIsChecked() throws Exception {
        JsonNode schema = json("{\"$defs\":{\"n\":{\"type\":\"integer\"}},"
                + "\"properties\":{\"a\":{\"$ref\":\"#/$defs/n\"}}}");

        assertEquals(List.of(), MetadataSchemas.problems(schema));
        assertEquals(List.of("/metadata/a"), MetadataSchemas.violations(schema,
                json("{\"a\":\"x\"}"), "/metadata").stream().map(FieldError::pointer)
                .toList());
    }

    private static JsonNode json(String text) throws Exception {
        return JsonBodies.STRICT.readTree(text);
    }
}
