package opshub.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestReaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "freshFor negative | health: {effect: pass, freshFor: -P1D} | /eventTypes/0/health/freshFor",
        "freshFor zero     | health: {effect: pass, freshFor: PT0S} | /eventTypes/0/health/freshFor",
        "draft-04 dialect  | \"schema\": {\"$schema\": \"http://json-schema.org/draft-04/schema#\"} | /eventTypes/0/schema/$schema"})
    void typeFieldIsRefusedNamingIt(String name, String field, String pointer) throws Exception {
        String schema = field.startsWith("\"schema\"") ? field.substring(10) : "{type: object}";
        String health = field.startsWith("health") ? "\n    " + field : "";
        String document = """
                name: m
                version: 1
                placement: {hub: ops-hub, family: vsm, function: OPS, system: S1}
                eventTypes:
                  - name: ops-m-seen
                    description: d
                    targets: [host]
                    schema: %s%s
                """.formatted(schema, health);

        ProblemException refused = assertThrows(ProblemException.class,
                () -> ManifestReader.read(yaml(document)));

        assertTrue(refused.errors().stream().map(FieldError::pointer).anyMatch(pointer::equals),
                refused.errors().toString());
    }

    @ParameterizedTest
    @CsvSource({"'version: 2.1', must be a whole number or a string", "'version: \"2.1\"', ''"})
    void fractionalVersionNumberIsRefusedSayingToQuoteIt(String version, String expected)
            throws Exception {
        String document = """
                name: m
                %s
                placement: {hub: ops-hub, family: vsm, function: OPS, system: S1}
                eventTypes:
                  - {name: ops-m-seen, description: d, targets: [host], schema: {type: object}}
                """.formatted(version);

        if (expected.isEmpty()) {
            assertEquals("m@2.1", ManifestReader.read(yaml(document)).id());
        } else {
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> ManifestReader.read(yaml(document)));
            assertTrue(refused.errors().get(0).detail().startsWith(expected),
                    refused.errors().toString());
        }
    }

    private static JsonNode yaml(String text) throws Exception {
        return new YAMLMapper().readTree(text);
    }
}
