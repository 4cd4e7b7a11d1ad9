package opshub.ledger;

import static opshub.testing.Api.freshWidget;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets its problem+json, names the field, and stores nothing. */
@QuarkusTest
class IngestErrorsTest {

    private static final String VALID_TAIL = "\"eventType\":\"t\",\"viewContext\":\"v\"";

    static Stream<Arguments> invalidEnvelopes() {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        return Stream.of(
                Arguments.of("missing metadata", "{%W," + VALID_TAIL + "}", "/metadata"),
                Arguments.of("unknown field", "{%W," + VALID_TAIL + ",\"metadata\":{},\"x\":1}",
                        "/x"),
                Arguments.of("metadata not an object",
                        "{%W," + VALID_TAIL + ",\"metadata\":[1]}", "/metadata"),
                Arguments.of("widgetId not a string",
                        "{\"widgetId\":7," + VALID_TAIL + ",\"metadata\":{}}", "/widgetId"),
                Arguments.of("bad uuid", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"id\":\"not-a-uuid\"}", "/id"),
                Arguments.of("bad timestamp", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"observedAt\":\"yesterday\"}", "/observedAt"),
                Arguments.of("timestamp without offset", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"observedAt\":\"2026-05-16T10:00:00\"}",
                        "/observedAt"),
                Arguments.of("observedAt in the future", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"observedAt\":\"" + future + "\"}", "/observedAt"),
                Arguments.of("NUL in metadata", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"a\":\"x\\u0000y\"}}", "/metadata/a"),
                Arguments.of("NUL in a key", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"a\\u0000\":1}}", "/metadata/a\u0000"),
                Arguments.of("lone surrogate", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"a\":\"\\ud800\"}}", "/metadata/a"),
                Arguments.of("lone low surrogate as a key", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"\\udc00\":1}}", "/metadata/\udc00"),
                Arguments.of("lone high surrogate in a nested key", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"a\":{\"x\\ud800y\":1}}}", "/metadata/a/x\ud800y"),
                Arguments.of("number beyond numeric", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"n\":1e200000}}", "/metadata/n"),
                Arguments.of("exponent at the int limit", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"n\":1E+2147483647}}", "/metadata/n"),
                Arguments.of("negative exponent at the int limit", "{%W," + VALID_TAIL
                        + ",\"metadata\":{\"n\":-1.5E+2147483647}}", "/metadata/n"),
                Arguments.of("nesting too deep", "{%W," + VALID_TAIL + ",\"metadata\":" + deep
                        + "}", "/metadata" + "/a".repeat(32)),
                Arguments.of("bad event type", "{%W,\"eventType\":\"Not Valid\","
                        + "\"viewContext\":\"v\",\"metadata\":{}}", "/eventType"),
                Arguments.of("negative expectedVersion", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"expectedVersion\":-1}", "/expectedVersion"),
                Arguments.of("empty batch", "[]", ""),
                Arguments.of("bad item in batch", "[{%W," + VALID_TAIL + ",\"metadata\":{}},"
                        + "{%W," + VALID_TAIL + "}]", "/1/metadata"),
                Arguments.of("batch item not an object", "[{%W," + VALID_TAIL
                        + ",\"metadata\":{}},3]", "/1"),
                Arguments.of("year 0000", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"observedAt\":\"0000-01-01T00:00:00Z\"}",
                        "/observedAt"),
                Arguments.of("year 0000 through an offset", "{%W," + VALID_TAIL
                        + ",\"metadata\":{},\"observedAt\":\"0001-01-01T00:00:00+01:00\"}",
                        "/observedAt"),
                Arguments.of("the hub's own widget", "{\"widgetId\":\"ops-hub\"," + VALID_TAIL
                        + ",\"metadata\":{}}", "/widgetId"),
                Arguments.of("blank widgetId", "{\"widgetId\":\"   \"," + VALID_TAIL
                        + ",\"metadata\":{}}", "/widgetId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEnvelopes")
    void invalidEnvelopeIsRejectedNamingTheField(String name, String template, String pointer) {
        String widget = freshWidget();
        String body = template.replace("%W", "\"widgetId\":\"" + widget + "\"");

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:invalid-field"))
                .body("pointer", equalTo(pointer))
                .body("detail", notNullValue());

        assertNothingStoredFor(widget);
    }

    @Test
    void exponentBeyondAnyNumberIs400() {
        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body("{\"widgetId\":\"w\"," + VALID_TAIL + ",\"metadata\":{\"n\":1e9999999999}}")
                .post("/api/v1/events")
                .then().statusCode(400)
                .body("type", equalTo("urn:ops-hub:problem:malformed-json"))
                .body("detail", containsString("number"));
    }

    static Stream<Arguments> notUtf8Json() {
        String event = "{\"widgetId\":\"w\"," + VALID_TAIL + ",\"metadata\":{}}";
        byte[] utf8 = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        return Stream.of(
                Arguments.of("UTF-16", event.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)),
                Arguments.of("UTF-16 with BOM",
                        event.getBytes(java.nio.charset.StandardCharsets.UTF_16)),
                Arguments.of("UTF-8 with BOM", bom),
                Arguments.of("white space only", " \n\t ".getBytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8Json")
    void bodyThatIsNotUtf8JsonIs400(String name, byte[] body) {
        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:malformed-json"));
    }

    @Test
    void overlongUtf8Is400() {
        byte[] prefix = "{\"widgetId\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] suffix = ("\"," + VALID_TAIL + ",\"metadata\":{}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC0;
        body[prefix.length + 1] = (byte) 0xAF;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then().statusCode(400)
                .body("detail", containsString("UTF-8"));
    }

    @Test
    void replayAfterAPositionBeyondTheHeadIs400NamingIt() {
        Api.as(Role.READER)
                .queryParam("after", Long.MAX_VALUE / 2)
                .get("/api/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("after"));
    }

    @Test
    void widgetFeedAfterAPositionBeyondTheHeadIs400NamingIt() {
        Api.as(Role.READER)
                .queryParam("after", Long.MAX_VALUE / 2)
                .get("/api/v1/widgets/{w}/events", "ops-host-railiance01")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("after"))
                .body("detail", containsString("beyond the ledger's head"));
    }

    @Test
    void nulInQueryParameterIs400NamingIt() {
        Api.as(Role.READER)
                .urlEncodingEnabled(false)
                .get("/api/v1/events?eventType=%00")
                .then().statusCode(400)
                .body("errors[0].parameter", equalTo("eventType"));
    }

    @Test
    void nulInPathIs400() {
        Api.as(Role.READER)
                .urlEncodingEnabled(false)
                .get("/api/v1/widgets/a%00b/events")
                .then().statusCode(400)
                .body("type", equalTo("urn:ops-hub:problem:bad-parameter"));
    }

    @Test
    void malformedJsonIs400() {
        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body("{\"widgetId\": ")
                .post("/api/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:malformed-json"));
    }

    @Test
    void duplicateKeysAre400() {
        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body("{\"widgetId\":\"a\",\"widgetId\":\"b\"}")
                .post("/api/v1/events")
                .then().statusCode(400)
                .body("detail", containsString("widgetId"));
    }

    @Test
    void notJsonIs415() {
        Api.as(Role.PROBE)
                .contentType(ContentType.TEXT)
                .body("hello")
                .post("/api/v1/events")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:unsupported-media-type"));
    }

    @Test
    void bodyOverLimitIs413() {
        String widget = freshWidget();
        String big = "x".repeat(1_100_000);
        String body = "{\"widgetId\":\"" + widget + "\"," + VALID_TAIL
                + ",\"metadata\":{\"blob\":\"" + big + "\"}}";

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:body-too-large"));

        assertNothingStoredFor(widget);
    }

    @Test
    void batchOverMaxIs422() {
        String widget = freshWidget();
        String item = "{\"widgetId\":\"" + widget + "\"," + VALID_TAIL + ",\"metadata\":{}}";
        String body = "[" + String.join(",", java.util.Collections.nCopies(1001, item)) + "]";

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then().statusCode(422)
                .body("errors[0].got", equalTo("1001"));

        assertNothingStoredFor(widget);
    }

    @Test
    void badReplayParameterIs400NamingIt() {
        Api.as(Role.READER)
                .queryParam("limit", 5000)
                .get("/api/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("limit"))
                .body("errors[0].got", equalTo("5000"));
    }

    @Test
    void badAfterIs400() {
        Api.as(Role.READER)
                .queryParam("after", "abc")
                .get("/api/v1/events")
                .then().statusCode(400)
                .body("errors[0].parameter", equalTo("after"));
    }

    @Test
    void badEventIdIs400() {
        Api.as(Role.READER)
                .get("/api/v1/events/not-a-uuid")
                .then().statusCode(400)
                .body("errors[0].parameter", equalTo("id"));
    }

    @Test
    void entityOfAKindTheTypeMayNotTargetIsBlamedNotTheWidget() {
        String widget = freshWidget("datastore", "datastores/test-" + UUID.randomUUID());

        backupCompleted(widget, "hosts/coulombcore")
                .then().statusCode(422)
                .body("pointer", equalTo("/metadata/entity"))
                .body("detail", containsString("may not target a host"))
                .body("errors[0].got", equalTo("host"));

        assertNothingStoredFor(widget);
    }

    @Test
    void entityThatNamesNoKindIsRefusedAsNotAKnownEntity() {
        String widget = freshWidget("datastore", "datastores/test-" + UUID.randomUUID());

        backupCompleted(widget, "")
                .then().statusCode(422)
                .body("pointer", equalTo("/metadata/entity"))
                .body("detail", equalTo("/metadata/entity: \"\" is not a known entity"));

        assertNothingStoredFor(widget);
    }

    @Test
    void widgetOfAKindTheTypeMayNotTargetIsBlamedWithoutAnEntity() {
        String widget = freshWidget("host", "hosts/test-" + UUID.randomUUID());

        backupCompleted(widget, null)
                .then().statusCode(422)
                .body("pointer", equalTo("/widgetId"))
                .body("detail", containsString("may not target a host"));
    }

    private static Response backupCompleted(String widget, String entity) {
        Map<String, Object> metadata = new HashMap<>(Map.of("vsmFunction", "OPS",
                "vsmSystem", "S1", "dataStore", "gitea-db"));
        if (entity != null) {
            metadata.put("entity", entity);
        }
        return Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(Map.of("widgetId", widget, "eventType", "ops-backup-completed",
                        "viewContext", "test", "metadata", metadata))
                .post("/api/v1/events");
    }

    private static void assertNothingStoredFor(String widget) {
        Api.as(Role.READER)
                .get("/api/v1/widgets/{w}/events", widget)
                .then().statusCode(200)
                .body("events", hasSize(0));
    }
}
