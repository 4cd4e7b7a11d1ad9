package opshub.ledger;

import static opshub.testing.Api.freshWidget;
import static opshub.testing.Api.referenceEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestTest {

    @Test
    void referenceEventIsRecordedWithReceipt() {
        String widget = freshWidget();

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(referenceEvent(widget))
                .post("/api/v1/events")
                .then().statusCode(201)
                .body("status", equalTo("recorded"))
                .body("position", notNullValue())
                .body("recordedAt", notNullValue())
                .body("leafHash", notNullValue())
                .body("id", notNullValue());

        Api.as(Role.READER)
                .get("/api/v1/widgets/{w}/events", widget)
                .then().statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].eventType", equalTo("ops-endpoint-verified"))
                .body("events[0].metadata.expectedStatus", equalTo(401))
                .body("events[0].source", notNullValue());
    }

    @Test
    void batchGetsConsecutivePositionsInRequestOrder() {
        String widget = freshWidget();
        List<Map<String, Object>> batch = List.of(referenceEvent(widget),
                referenceEvent(widget), referenceEvent(widget));

        List<Integer> positions = Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(batch)
                .post("/api/v1/events")
                .then().statusCode(201)
                .body("", hasSize(3))
                .extract().path("position");

        assertEquals(positions.get(0) + 1, positions.get(1));
        assertEquals(positions.get(1) + 1, positions.get(2));
    }

    /** Bodies over 16 KiB are read off the event loop: same receipts, same errors. */
    @Test
    void largeBatchIsRecordedOrRefusedWhole() {
        String widget = freshWidget();
        List<Map<String, Object>> batch = new java.util.ArrayList<>(
                java.util.Collections.nCopies(200, referenceEvent(widget)));
        Map<String, Object> bad = new HashMap<>(referenceEvent(widget));
        bad.put("observedAt", "yesterday");
        List<Map<String, Object>> refused = new java.util.ArrayList<>(batch);
        refused.set(199, bad);

        Api.as(Role.PROBE).contentType(ContentType.JSON).body(refused)
                .post("/api/v1/events").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/199/observedAt"));
        List<Integer> positions = Api.as(Role.PROBE).contentType(ContentType.JSON).body(batch)
                .post("/api/v1/events").then().statusCode(201)
                .body("", hasSize(200))
                .extract().path("position");

        assertEquals(positions.get(0) + 199, positions.get(199));
        Api.as(Role.READER).queryParam("limit", 1000).get("/api/v1/widgets/{w}/events", widget)
                .then().statusCode(200).body("events.size()", equalTo(200));
    }

    @Test
    void retryWithSameIdReturnsOriginalReceipt() {
        Map<String, Object> event = withId(referenceEvent(freshWidget()), UUID.randomUUID());
        Response first = post(event);
        first.then().statusCode(201);

        post(event).then().statusCode(200)
                .body("status", equalTo("duplicate"))
                .body("position", equalTo(first.path("position")))
                .body("recordedAt", equalTo(first.path("recordedAt")))
                .body("leafHash", equalTo(first.path("leafHash")));
    }

    @Test
    void retryMatchesWhateverTheKeyOrder() {
        UUID id = UUID.randomUUID();
        String widget = freshWidget();
        String one = "{\"id\":\"" + id + "\",\"widgetId\":\"" + widget + "\",\"eventType\":"
                + "\"ops-endpoint-verified\",\"viewContext\":\"v\",\"metadata\":{\"endpoint\":"
                + "\"e\",\"vsmFunction\":\"OPS\",\"vsmSystem\":\"S1\"}}";
        String two = "{\"metadata\":{\"vsmSystem\":\"S1\",\"vsmFunction\":\"OPS\",\"endpoint\":"
                + "\"e\"},\"viewContext\":\"v\",\"eventType\":\"ops-endpoint-verified\","
                + "\"widgetId\":\"" + widget + "\",\"id\":\"" + id + "\"}";

        postRaw(one).then().statusCode(201);
        postRaw(two).then().statusCode(200).body("status", equalTo("duplicate"));
    }

    @Test
    void sameIdWithOtherContentIsConflictAndOriginalKept() {
        UUID id = UUID.randomUUID();
        String widget = freshWidget();
        post(withId(referenceEvent(widget), id)).then().statusCode(201);
        Map<String, Object> changed = new HashMap<>(withId(referenceEvent(widget), id));
        changed.put("viewContext", "something else");

        post(changed).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:id-conflict"))
                .body("pointer", equalTo("/id"));

        Api.as(Role.READER)
                .get("/api/v1/events/{id}", id)
                .then().statusCode(200)
                .body("viewContext", equalTo("railiance-apps/workplans/RAIL-AP-WP-0001"));
    }

    @Test
    void batchWithOneConflictStoresNothing() {
        String widget = freshWidget();
        UUID id = UUID.randomUUID();
        post(withId(referenceEvent(widget), id)).then().statusCode(201);
        Map<String, Object> conflicting = new HashMap<>(withId(referenceEvent(widget), id));
        conflicting.put("viewContext", "other");

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(List.of(referenceEvent(widget), conflicting))
                .post("/api/v1/events")
                .then().statusCode(409)
                .body("pointer", equalTo("/1/id"));

        Api.as(Role.READER)
                .get("/api/v1/widgets/{w}/events", widget)
                .then().body("events", hasSize(1));
    }

    @Test
    void sameIdTwiceInOneRequestWithOtherContentNamesNoPosition() {
        String widget = freshWidget();
        UUID id = UUID.randomUUID();
        Map<String, Object> other = new HashMap<>(withId(referenceEvent(widget), id));
        other.put("viewContext", "other");

        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(List.of(withId(referenceEvent(widget), id), other))
                .post("/api/v1/events")
                .then().statusCode(409)
                .body("pointer", equalTo("/1/id"))
                .body("position", org.hamcrest.Matchers.nullValue())
                .body("detail", org.hamcrest.Matchers.containsString("twice in this request"));
    }

    @Test
    void pagesOfLargeEventsAreBoundedInBytes() {
        String widget = freshWidget();
        String blob = "x".repeat(900_000);
        for (int i = 0; i < 6; i++) {
            Map<String, Object> event = new HashMap<>(referenceEvent(widget));
            event.put("metadata", Map.of("vsmFunction", "OPS", "vsmSystem", "S1",
                    "endpoint", "e", "blob", blob));
            post(event).then().statusCode(201);
        }

        Response first = Api.as(Role.READER).queryParam("limit", 1000)
                .get("/api/v1/widgets/{w}/events", widget);
        List<Object> page = first.path("events.position");
        org.junit.jupiter.api.Assertions.assertTrue(page.size() < 6, "page of " + page.size());
        Api.as(Role.READER).queryParam("limit", 1000)
                .queryParam("after", first.<Integer>path("next"))
                .get("/api/v1/widgets/{w}/events", widget)
                .then().body("events", hasSize(6 - page.size()));
    }

    @Test
    void expectedVersionMatchingIsAppended() {
        String widget = freshWidget();
        post(withVersion(referenceEvent(widget), 0)).then().statusCode(201);

        post(withVersion(referenceEvent(widget), 1)).then().statusCode(201);
    }

    @Test
    void expectedVersionMismatchIsConflictWithExpectedAndActual() {
        String widget = freshWidget();
        post(referenceEvent(widget)).then().statusCode(201);

        post(withVersion(referenceEvent(widget), 5)).then().statusCode(409)
                .body("type", equalTo("urn:ops-hub:problem:expected-version-mismatch"))
                .body("expectedVersion", equalTo(5))
                .body("actualVersion", equalTo(1))
                .body("pointer", equalTo("/expectedVersion"));
    }

    @Test
    void eventIsReadableById() {
        UUID id = UUID.randomUUID();
        post(withId(referenceEvent(freshWidget()), id)).then().statusCode(201);

        Api.as(Role.READER)
                .get("/api/v1/events/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("leafHash", notNullValue());
    }

    @Test
    void unknownEventIdIsNotFoundProblem() {
        Api.as(Role.READER)
                .get("/api/v1/events/{id}", UUID.randomUUID())
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:not-found"));
    }

    @Test
    void replayFiltersByTypeAndFollowsNext() {
        String widget = freshWidget();
        post(referenceEvent(widget)).then().statusCode(201);
        post(Api.failedCheck(widget)).then().statusCode(201);

        Response page = Api.as(Role.READER)
                .queryParam("widgetId", widget)
                .queryParam("eventType", "ops-endpoint-check-failed")
                .get("/api/v1/events");
        page.then().statusCode(200).body("events", hasSize(1));
        int next = page.path("next");

        Api.as(Role.READER)
                .queryParam("widgetId", widget)
                .queryParam("after", next)
                .get("/api/v1/events")
                .then().body("events", hasSize(0))
                .body("next", equalTo(next));
    }

    @Test
    void replayFiltersByAWidgetsSlugAsByItsId() {
        String widget = freshWidget();
        String slug = Api.as(Role.READER).get("/api/v1/widgets/{id}", widget).path("slug");
        post(referenceEvent(slug)).then().statusCode(201);

        Api.as(Role.READER)
                .queryParam("widgetId", slug)
                .get("/api/v1/events")
                .then().statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].widgetId", equalTo(widget));
    }

    @Test
    void observedAtIsKeptAsSentInUtc() {
        Map<String, Object> event = new HashMap<>(referenceEvent(freshWidget()));
        UUID id = UUID.randomUUID();
        event.put("id", id.toString());
        event.put("observedAt", "2026-05-16T12:00:00+02:00");
        post(event).then().statusCode(201);

        Api.as(Role.READER)
                .get("/api/v1/events/{id}", id)
                .then().body("observedAt", equalTo("2026-05-16T10:00:00Z"));
    }

    static Response post(Map<String, Object> event) {
        return Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(event)
                .post("/api/v1/events");
    }

    static Response postRaw(String json) {
        return Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/events");
    }

    static Map<String, Object> withId(Map<String, Object> event, UUID id) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put("id", id.toString());
        return copy;
    }

    static Map<String, Object> withVersion(Map<String, Object> event, long version) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put("expectedVersion", version);
        return copy;
    }
}
