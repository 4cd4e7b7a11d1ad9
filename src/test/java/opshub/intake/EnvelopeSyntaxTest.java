package opshub.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import opshub.api.FieldError;
import opshub.api.Params;
import opshub.api.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The character-level syntax of an envelope's id and event type, checked without regexes. */
class EnvelopeSyntaxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EnvelopeReader READER = new EnvelopeReader(10, Duration.ofMinutes(5));

    @ParameterizedTest
    @ValueSource(strings = {"0f8fad5b-d9cb-469f-a165-70867728950e",
            "0F8FAD5B-D9CB-469F-A165-70867728950E", "00000000-0000-0000-0000-000000000000"})
    void aCanonicalUuidIsAccepted(String id) {
        assertEquals(UUID.fromString(id), read("id", id).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-1-1-1-1", "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5b-d9cb-469f-a165-70867728950e0", "0f8fad5bd9cb-469f-a165-70867728950e-",
            "0f8fad5b-d9cb-469f-a165-70867728950g", "0f8fad5b-d9cb-469f-a165-７0867728950e",
            "0f8fad5b-d9cb-469f-a165-Ａ0867728950e", "0f8fad5b_d9cb_469f_a165_70867728950e"})
    void anythingElseIsNotAUuid(String id) {
        assertEquals("/id", refusal("id", id).pointer());
        assertFalse(Params.isUuid(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "ops-endpoint-verified", "a.b_c-d", "x9.", "a--"})
    void eventTypesOfLowercaseLettersDigitsAndSeparatorsAreAccepted(String type) {
        assertEquals(type, read("eventType", type).eventType());
    }

    @ParameterizedTest
    @ValueSource(strings = {".a", "-a", "_a", "A", "aB", "a b", "a/b", "é", "a\u00e9", "a:b"})
    void otherEventTypesAreRefused(String type) {
        assertEquals("/eventType", refusal("eventType", type).pointer());
    }

    private static EventEnvelope read(String field, String value) {
        return READER.read(envelope(field, value), now()).envelopes().get(0);
    }

    private static FieldError refusal(String field, String value) {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> READER.read(envelope(field, value), now()));
        assertEquals(1, refused.errors().size(), refused.errors().toString());
        return refused.errors().get(0);
    }

    private static ObjectNode envelope(String field, String value) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("widgetId", "w");
        envelope.put("eventType", "t");
        envelope.put("viewContext", "v");
        envelope.putObject("metadata");
        envelope.put(field, value);
        return envelope;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
