package opshub.intake;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The reference scenario: the first evidence event is blocked until its event type is
 * registered by an active manifest and the target widget exists, then admitted.
 */
@QuarkusTest
class BlockedSubmissionTest {

    @jakarta.inject.Inject
    opshub.ledger.Ledger ledger;

    @Test
    void referenceEventExactlyAsWrittenIsValid() {
        String widgetId = Api.as(Role.READER).get("/api/v1/widgets/ops-endpoint-gitea-registry")
                .then().extract().path("id");

        Api.as(Role.PROBE).contentType(ContentType.JSON)
                .body(Api.referenceEvent(widgetId))
                .post("/api/v1/events")
                .then().statusCode(201)
                .body("status", equalTo("recorded"));
    }

    @Test
    void eventIsHeldUntilTypeAndWidgetExistThenAdmitted() {
        Scenario s = new Scenario();
        String observedAt = "2026-05-16T10:00:00Z";
        Map<String, Object> event = s.event(UUID.randomUUID(), observedAt);

        submit(event)
                .then().statusCode(202)
                .body("status", equalTo("blocked"))
                .body("reasons", hasSize(2));

        s.registerAndActivateManifest();
        assertStillHeld(event.get("id"));

        s.registerWidget();
        awaitAdmitted(event.get("id"));
        Api.as(Role.READER).get("/api/v1/events/{id}", event.get("id"))
                .then().statusCode(200)
                .body("observedAt", equalTo(observedAt))
                .body("eventType", equalTo(s.type))
                .body("widgetId", equalTo(s.widgetId()));
    }

    @Test
    void blockingAndAdmissionAreInTheLedger() {
        Scenario s = new Scenario();
        UUID id = UUID.randomUUID();
        submit(s.event(id, null)).then().statusCode(202);
        s.registerWidget();
        s.registerAndActivateManifest();
        awaitAdmitted(id.toString());

        List<String> types = Api.as(Role.READER)
                .queryParam("widgetId", s.widgetId())
                .get("/api/v1/events")
                .then().extract().path("events.eventType");
        assertTrue(types.containsAll(List.of(s.type, "opshub.submission-admitted")), types
                .toString());
    }

    @Test
    void heldEventsAreAdmittedInArrivalOrder() {
        Scenario s = new Scenario();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        submit(s.event(first, null)).then().statusCode(202);
        submit(s.event(second, null)).then().statusCode(202);

        s.registerWidget();
        s.registerAndActivateManifest();
        awaitAdmitted(second.toString());

        long one = position(first);
        long two = position(second);
        assertTrue(one < two, "first held " + one + " before second " + two);
    }

    @Test
    void resentHeldEventIsHeldOnce() {
        Scenario s = new Scenario();
        Map<String, Object> event = s.event(UUID.randomUUID(), null);
        int heldAt = submit(event).then().statusCode(202).extract().path("position");

        submit(event)
                .then().statusCode(202)
                .body("position", equalTo(heldAt));
        // the receipt does not wait for the projections: wait until the hold is visible
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Object> ids = Api.as(Role.READER).get("/api/v1/blocked")
                    .then().extract().path("blocked.id");
            assertEquals(1, ids.stream().filter(event.get("id")::equals).count());
        });
    }

    /**
     * Held events sent again while admission runs stay held: each is admitted once, in the
     * order it first arrived, with the observedAt of its first arrival, and no re-send is
     * recorded ahead of the events held before it.
     */
    @Test
    void heldEventsSentAgainDuringAdmissionKeepTheirPlaceAndObservedAt() throws Exception {
        Scenario s = new Scenario();
        s.registerAndActivateManifest();
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(s.event(UUID.randomUUID(), null));
            submit(events.get(i)).then().statusCode(202);
        }
        java.time.Instant allHeld = java.time.Instant.now();

        java.util.concurrent.atomic.AtomicBoolean stop =
                new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Set<Integer> statuses = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService senders =
                java.util.concurrent.Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int offset = t;
            senders.submit(() -> {
                for (int i = offset; !stop.get(); i = (i + 4) % events.size()) {
                    statuses.add(Api.as(Role.PROBE).contentType(ContentType.JSON)
                            .body(events.get(i)).post("/api/v1/events").statusCode());
                }
                return null;
            });
        }
        s.registerWidget();
        for (Map<String, Object> event : events) {
            awaitAdmitted(event.get("id"));
        }
        stop.set(true);
        senders.shutdown();
        assertTrue(senders.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));

        assertEquals(Set.of(), statuses.stream().filter(code -> code != 200 && code != 202)
                .collect(java.util.stream.Collectors.toSet()));
        long previous = 0;
        for (Map<String, Object> event : events) {
            JsonPath recorded = Api.as(Role.READER).get("/api/v1/events/{id}", event.get("id"))
                    .then().extract().jsonPath();
            long position = recorded.getLong("position");
            assertTrue(position > previous, event.get("id") + " at " + position
                    + ", after an event held later, at " + previous);
            previous = position;
            assertTrue(java.time.Instant.parse(recorded.getString("observedAt"))
                    .isBefore(allHeld), event.get("id") + " observed at "
                    + recorded.getString("observedAt") + ", after it was held");
        }
    }

    @Test
    void heldIdReusedWithOtherContentIsConflict() {
        Scenario s = new Scenario();
        Map<String, Object> event = new HashMap<>(s.event(UUID.randomUUID(), null));
        submit(event).then().statusCode(202);
        event.put("viewContext", "changed");

        submit(event)
                .then().statusCode(409)
                .body("id", equalTo(event.get("id")));
    }

    /** An id is one event's, whether it is held or recorded: never both with two contents. */
    @Test
    void heldIdSentAgainAsARecordableEventWithOtherContentIsConflict() {
        Scenario s = new Scenario();
        UUID id = UUID.randomUUID();
        submit(s.event(id, null)).then().statusCode(202);
        Map<String, Object> other = new HashMap<>(Api.referenceEvent("ops-endpoint-gitea-registry"));
        other.put("id", id.toString());

        submit(other)
                .then().statusCode(409)
                .body("type", equalTo("urn:ops-hub:problem:id-conflict"))
                .body("pointer", equalTo("/id"))
                .body("id", equalTo(id.toString()));
        Api.as(Role.READER).get("/api/v1/events/{id}", id).then().statusCode(404);
    }

    @Test
    void recordedIdSentAgainForAMissingWidgetIsConflictNotHeld() {
        UUID id = UUID.randomUUID();
        Map<String, Object> recorded = new HashMap<>(Api.referenceEvent("ops-endpoint-gitea-registry"));
        recorded.put("id", id.toString());
        submit(recorded).then().statusCode(201);

        submit(new Scenario().event(id, null))
                .then().statusCode(409)
                .body("type", equalTo("urn:ops-hub:problem:id-conflict"))
                .body("id", equalTo(id.toString()));
        Api.as(Role.READER).get("/api/v1/blocked")
                .then().body("blocked.id", not(hasItem(id.toString())));
    }

    /**
     * A held event the ledger refuses when its turn comes (here its id was recorded with
     * other content behind intake's back) is closed as rejected; those behind it go on.
     */
    @Test
    void refusedHeldEventDoesNotHoldUpTheOthers() {
        Scenario s = new Scenario();
        UUID refused = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        submit(s.event(refused, null)).then().statusCode(202);
        submit(s.event(next, null)).then().statusCode(202);
        ledger.append(new opshub.ledger.AppendBatch(List.of(new EventEnvelope(refused,
                "ops-endpoint-verified", "ops-endpoint-gitea-registry", "elsewhere",
                (com.fasterxml.jackson.databind.node.ObjectNode) opshub.api.JsonBodies.STRICT
                        .valueToTree(Map.of("vsmFunction", "OPS", "vsmSystem", "S1",
                                "endpoint", "e")),
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), null,
                new byte[32])), "test", false))
                .await().atMost(java.time.Duration.ofSeconds(30));

        s.registerWidget();
        s.registerAndActivateManifest();

        awaitAdmitted(next.toString());
        Awaitility.await().untilAsserted(() -> Api.as(Role.READER).get("/api/v1/blocked")
                .then().body("blocked.id", not(hasItem(refused.toString()))));
        Api.as(Role.READER).queryParam("eventType", "opshub.submission-rejected")
                .queryParam("widgetId", s.widgetId())
                .get("/api/v1/events")
                .then().body("events", hasSize(1));
    }

    @Test
    void heldEventFailingTheLaterSchemaIsRejectedNotAdmitted() {
        Scenario s = new Scenario();
        Map<String, Object> event = s.eventFailingItsSchema(UUID.randomUUID());
        submit(event).then().statusCode(202);

        s.registerWidget();
        s.registerAndActivateManifest();

        Awaitility.await().untilAsserted(() -> Api.as(Role.READER).get("/api/v1/blocked")
                .then().body("blocked.id", not(hasItem(event.get("id")))));
        Api.as(Role.READER).get("/api/v1/events/{id}", event.get("id"))
                .then().statusCode(404);
    }

    /**
     * A held number the schema's integer bound once could not be compared with (beyond 64
     * bits) is judged like any other, and the held events behind it are admitted.
     */
    @Test
    void heldNumberBeyond64BitsDoesNotStopAdmission() {
        Scenario big = new Scenario();
        Scenario other = new Scenario();
        UUID bigId = UUID.randomUUID();
        UUID otherId = UUID.randomUUID();
        String bigEvent = """
                {"id":"%s","widgetId":"%s","eventType":"%s","viewContext":"v",
                 "metadata":{"vsmFunction":"OPS","vsmSystem":"S1","seen":true,"size":1e19}}"""
                .formatted(bigId, big.slug, big.type);
        submit(bigEvent).then().statusCode(202);
        submit(other.event(otherId, null)).then().statusCode(202);

        big.registerWidget();
        big.registerAndActivateManifest();
        other.registerWidget();
        other.registerAndActivateManifest();

        awaitAdmitted(bigId);
        awaitAdmitted(otherId);
        Api.as(Role.READER).get("/api/v1/events/{id}", bigId)
                .then().body("metadata.size", equalTo(1e19f));
    }

    /**
     * A hold that cannot even be judged (here one written behind intake's back without its
     * observedAt) is rejected, and the held events behind it are admitted.
     */
    @Test
    void holdThatCannotBeJudgedIsRejectedAndTheOthersAdmitted() {
        Scenario s = new Scenario();
        UUID broken = UUID.randomUUID();
        com.fasterxml.jackson.databind.node.ObjectNode metadata =
                opshub.projection.SystemEvents.metadata();
        com.fasterxml.jackson.databind.node.ObjectNode submission =
                IntakeService.submission(new EventEnvelope(broken, s.type, s.slug, "v",
                        opshub.api.JsonBodies.STRICT.createObjectNode(),
                        java.time.Instant.now(), null, new byte[32]));
        submission.remove("observedAt");
        metadata.set("submission", submission);
        metadata.putArray("reasons").add("test");
        metadata.put("source", "test");
        ledger.append(new opshub.ledger.AppendBatch(List.of(opshub.projection.SystemEvents
                .envelope(opshub.projection.SystemEvents.SUBMISSION_BLOCKED, s.slug, metadata,
                        broken.toString(), java.time.Instant.now()
                                .truncatedTo(java.time.temporal.ChronoUnit.MICROS))),
                "test", false)).await().atMost(java.time.Duration.ofSeconds(30));
        UUID next = UUID.randomUUID();
        submit(s.event(next, null)).then().statusCode(202);

        s.registerWidget();
        s.registerAndActivateManifest();

        awaitAdmitted(next);
        Awaitility.await().untilAsserted(() -> Api.as(Role.READER).get("/api/v1/blocked")
                .then().body("blocked.id", not(hasItem(broken.toString()))));
        Api.as(Role.READER).get("/api/v1/events/{id}", broken).then().statusCode(404);
    }

    /** Admission judges the target as intake does: a type for endpoints never gets a view. */
    @Test
    void heldEventForAWidgetKindItsTypeDoesNotTargetIsRejected() {
        Scenario s = new Scenario();
        UUID id = UUID.randomUUID();
        submit(s.event(id, null)).then().statusCode(202);

        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", s.slug, "kind", "view", "target", "catalog"))
                .post("/api/v1/widgets").then().statusCode(201);
        s.registerAndActivateManifest();

        Awaitility.await().untilAsserted(() -> Api.as(Role.READER).get("/api/v1/blocked")
                .then().body("blocked.id", not(hasItem(id.toString()))));
        Api.as(Role.READER).get("/api/v1/events/{id}", id).then().statusCode(404);
        Api.as(Role.READER).queryParam("eventType", "opshub.submission-rejected")
                .queryParam("widgetId", s.widgetId())
                .get("/api/v1/events")
                .then().body("events[0].metadata.errors[0]",
                        org.hamcrest.Matchers.containsString("may not target a view"));
    }

    /**
     * Admission stops where the type it judged against is retired: the events held behind
     * that point stay held, and are not recorded for a type no active manifest registers.
     */
    @Test
    void typeRetiredDuringAdmissionStopsIt() {
        Scenario s = new Scenario();
        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(s.event(UUID.randomUUID(), null));
        }
        submit(batch).then().statusCode(202);
        s.registerWidget();

        s.registerAndActivateManifest();
        Api.admin().post("/api/v1/manifests/{n}/1/retire", s.name).then().statusCode(200);

        // once admission has settled, some are still held: it did not run on to the end
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollDelay(
                java.time.Duration.ofSeconds(3)).untilAsserted(() -> assertTrue(
                        heldOf(s.type) > 0, "every held event was admitted"));
        int held = heldOf(s.type);
        Awaitility.await().pollDelay(java.time.Duration.ofSeconds(6))
                .atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertEquals(held, heldOf(s.type)));
    }

    /** A held event sent again is answered as held, even if it would fail its schema now. */
    @Test
    void heldEventSentAgainAfterItsTypeIsActiveIsStillHeld() {
        Scenario s = new Scenario();
        Map<String, Object> event = s.eventFailingItsSchema(UUID.randomUUID());
        submit(event).then().statusCode(202);
        s.registerAndActivateManifest();

        submit(event)
                .then().statusCode(202)
                .body("status", equalTo("blocked"))
                .body("reasons[0]", org.hamcrest.Matchers.containsString("does not exist"));
        assertStillHeld(event.get("id"));
    }

    /** A submission of an event, as a probe sends it. */
    private static io.restassured.response.Response submit(Object event) {
        return Api.as(Role.PROBE).contentType(ContentType.JSON).body(event)
                .post("/api/v1/events");
    }

    private static int heldOf(String type) {
        List<String> types = Api.as(Role.READER).get("/api/v1/blocked")
                .then().statusCode(200).extract().path("blocked.submission.eventType");
        return (int) types.stream().filter(type::equals).count();
    }

    @Test
    void metadataFailingItsSchemaIs422ListingEveryViolation() {
        Map<String, Object> event = new HashMap<>(Api.referenceEvent(Api.freshWidget()));
        event.put("metadata", Map.of("vsmFunction", "NOPE", "expectedStatus", "401"));

        submit(event)
                .then().statusCode(422)
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/metadata/vsmFunction",
                        "/metadata/vsmSystem", "/metadata/endpoint",
                        "/metadata/expectedStatus"));
    }

    @Test
    void reservedSystemTypeIsRefused() {
        Map<String, Object> event = new HashMap<>(Api.referenceEvent(Api.freshWidget()));
        event.put("eventType", "opshub.manifest-activated");

        submit(event)
                .then().statusCode(422)
                .body("pointer", equalTo("/eventType"));
    }

    private static void assertStillHeld(Object id) {
        Api.as(Role.READER).get("/api/v1/blocked")
                .then().body("blocked.id", hasItem(id));
    }

    private static void awaitAdmitted(Object id) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(
                () -> Api.as(Role.READER).get("/api/v1/events/{id}", id)
                        .then().statusCode(200));
    }

    private static long position(UUID id) {
        JsonPath event = Api.as(Role.READER).get("/api/v1/events/{id}", id)
                .then().extract().jsonPath();
        return event.getLong("position");
    }

    /** A fresh event type and widget slug, neither of which exists yet. */
    private static final class Scenario {
        final String name = "m" + UUID.randomUUID().toString().substring(0, 8);
        final String type = "ops-" + name + "-seen";
        final String slug = "w-" + name;

        Map<String, Object> event(UUID id, String observedAt) {
            Map<String, Object> event = new HashMap<>(Map.of(
                    "id", id.toString(),
                    "widgetId", slug,
                    "eventType", type,
                    "viewContext", "railiance-apps/workplans/RAIL-AP-WP-0001",
                    "metadata", Map.of("vsmFunction", "OPS", "vsmSystem", "S1", "seen", true)));
            if (observedAt != null) {
                event.put("observedAt", observedAt);
            }
            return event;
        }

        /** An event whose {@code seen} is text, where the type's schema wants a boolean. */
        Map<String, Object> eventFailingItsSchema(UUID id) {
            Map<String, Object> event = new HashMap<>(event(id, null));
            event.put("metadata", Map.of("vsmFunction", "OPS", "vsmSystem", "S1", "seen", "yes"));
            return event;
        }

        void registerAndActivateManifest() {
            Api.admin().contentType("application/yaml")
                    .body(opshub.manifest.ManifestTestSupport.manifest(name, type).getBytes())
                    .post("/api/v1/manifests").then().statusCode(201);
            Api.admin().post("/api/v1/manifests/{n}/1/activate", name).then().statusCode(200);
        }

        void registerWidget() {
            Api.admin().contentType(ContentType.JSON)
                    .body(Map.of("slug", slug, "kind", "endpoint",
                            "target", "endpoints/gitea-registry"))
                    .post("/api/v1/widgets").then().statusCode(201);
        }

        String widgetId() {
            return Api.as(Role.READER).get("/api/v1/widgets/{w}", slug)
                    .then().extract().path("id");
        }
    }
}
