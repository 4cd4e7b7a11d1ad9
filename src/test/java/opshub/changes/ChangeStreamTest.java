package opshub.changes;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.Declarations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live feed over HTTP, as a dashboard follows it. */
@QuarkusTest
class ChangeStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: it bounds a wait for a notice, it is not the expected delay. */
    private static final long WAIT_SECONDS = 60;

    @TestHTTPResource("/api/v1/changes/stream")
    URI stream;

    private final List<String[]> declared = new ArrayList<>();
    private CompletableFuture<HttpResponse<Stream<String>>> connection;
    private CompletableFuture<Void> ended;

    @AfterEach
    void cleanUp() {
        if (connection != null) {
            connection.thenAccept(r -> r.body().close());
            connection.cancel(true);
        }
        declared.forEach(d -> Declarations.retire(d[0], d[1]));
    }

    @Test
    void declarationsAndEvidenceArriveAsChangesWithTheirPositions() throws Exception {
        BlockingQueue<JsonNode> notices = follow(Api.token(Role.READER));
        assertEquals("ready", notices.poll(WAIT_SECONDS, TimeUnit.SECONDS).get("event")
                .asText());
        String key = "feed-" + UUID.randomUUID().toString().substring(0, 8);
        Api.freshWidget("endpoint", "endpoints/" + key);

        long declaredAt = declare("endpoints", key, Map.of("url", "https://" + key + "/"),
                Map.of());
        expect(notices, declaredAt, "entity", "endpoints/" + key);

        long gateAt = declare("gates", key, Map.of("name", "Feed gate", "checks", List.of(
                Map.of("key", "v", "eventType", "ops-endpoint-verified",
                        "entity", "endpoints/" + key))),
                Map.of("checks", List.of("endpoints/" + key)));
        expect(notices, gateAt, "gate", key);

        long evidenceAt = verified(key);
        expect(notices, evidenceAt, "entity", "endpoints/" + key);
        expect(notices, evidenceAt, "gate", key);
    }

    @Test
    void streamNeedsAReaderToken() {
        RestAssured.given().accept("text/event-stream").get("/api/v1/changes/stream")
                .then().statusCode(401)
                .contentType("application/problem+json");
        Api.as(Role.PROBE).accept("text/event-stream").get("/api/v1/changes/stream")
                .then().statusCode(403)
                .body("type", equalTo("urn:ops-hub:problem:forbidden"));
    }

    @Test
    void theStreamOfARevokedTokenEnds() throws Exception {
        String name = "revoked-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Api.admin().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", name, "role", "reader"))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        follow(token);
        connection.get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);

        Api.admin().delete("/api/v1/tokens/{n}", name).then().statusCode(204);

        // the body's lines end when the server ends the stream
        ended.get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Every SSE event as {"event":…, "id":…, "data":…}, in order. */
    private BlockingQueue<JsonNode> follow(String token) {
        BlockingQueue<JsonNode> notices = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(stream)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        connection = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        ended = connection.thenAcceptAsync(response -> {
            var event = JSON.createObjectNode();
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    if (event.has("event")) {
                        notices.add(event);
                    }
                    event = JSON.createObjectNode();
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    event.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        });
        return notices;
    }

    private static void expect(BlockingQueue<JsonNode> notices, long position, String kind,
            String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<JsonNode> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode notice = notices.poll(1, TimeUnit.SECONDS);
            if (notice == null) {
                continue;
            }
            seen.add(notice);
            JsonNode data = JSON.readTree(notice.path("data").asText("{}"));
            if (data.path("position").asLong() == position
                    && kind.equals(data.path("kind").asText())
                    && id.equals(data.path("id").asText())) {
                assertEquals("change", notice.get("event").asText());
                assertEquals(String.valueOf(position), notice.get("id").asText());
                return;
            }
        }
        assertNotNull(null, "no " + kind + " change of " + id + " at " + position + "; saw "
                + seen);
    }

    private long declare(String kind, String key, Map<String, Object> attributes,
            Map<String, List<String>> relations) {
        declared.add(new String[] {kind, key});
        return Declarations.declare(kind, key, attributes, relations);
    }

    private static long verified(String key) {
        return Api.admin().contentType(ContentType.JSON)
                .body(Map.of("widgetId", "ops-service-catalog", "eventType",
                        "ops-endpoint-verified", "viewContext", "test", "metadata", Map.of(
                                "vsmFunction", "OPS", "vsmSystem", "S1",
                                "endpoint", "https://" + key + "/",
                                "entity", "endpoints/" + key)))
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("position");
    }
}
