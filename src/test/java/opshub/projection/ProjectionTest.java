package opshub.projection;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;
import opshub.ledger.LedgerReader;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.LedgerDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read models over the reference inventory, now and in the past. */
@QuarkusTest
class ProjectionTest {

    @Inject
    LedgerReader reader;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void catalogCountsTheReferenceInventory() {
        Api.as(Role.READER).get("/api/v1/catalog")
                .then().statusCode(200)
                .body("counts.environments", greaterThanOrEqualTo(4))
                .body("counts.hosts", equalTo(3))
                .body("counts.clusters", equalTo(2))
                .body("counts.services", equalTo(6))
                .body("counts.endpoints", equalTo(4))
                .body("counts.datastores", equalTo(2))
                .body("position", notNullValue());
    }

    @Test
    void entityShowsRelationsInBothDirections() {
        Api.as(Role.READER).get("/api/v1/catalog/services/gitea")
                .then().statusCode(200)
                .body("relations.out.ownedBy", hasItem("repos/railiance-apps"))
                .body("relations.out.backedBy", hasItems("datastores/gitea-db",
                        "datastores/gitea-shared-storage"))
                .body("relations.in.from", hasItems("endpoints/gitea-registry",
                        "installations/gitea@coulombcore"))
                .body("health.status", notNullValue());
    }

    @Test
    void repoKeysMayContainSlashes() {
        Api.as(Role.READER).get("/api/v1/catalog/repos/the-custodian/state-hub")
                .then().statusCode(200)
                .body("relations.in.from", hasItem("services/state-hub"));
    }

    @Test
    void unknownKindIs404() {
        Api.as(Role.READER).get("/api/v1/catalog/spaceships")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void gapReportAnswersSevenQuestionsForEveryService() {
        Api.as(Role.READER).get("/api/v1/gaps")
                .then().statusCode(200)
                .body("services", hasSize(6))
                .body("services.find { it.service == 'inter-hub' }.questions.runsWhere.gap",
                        equalTo(true))
                .body("services.find { it.service == 'gitea' }.questions.ownerRepo.answer",
                        hasItem("repos/railiance-apps"))
                .body("services.find { it.service == 'gitea' }.questions.keySet()",
                        hasItems("runsWhere", "ownerRepo", "endpoint", "dataStores", "backups",
                                "migrationWave", "healthEvidence"));
    }

    @Test
    void giteaGateNamesTheMissingEvidence() {
        Api.as(Role.READER).get("/api/v1/readiness/gitea-registry")
                .then().statusCode(200)
                .body("checks", hasSize(8))
                .body("checks.key", hasItems("sops-helm-values-updated", "package-token",
                        "docker-login", "push", "pull", "backup-coverage", "restore-evidence",
                        "registry-endpoint-verified"))
                .body("checks.find { it.key == 'push' }.status", equalTo("unknown"))
                .body("checks.find { it.key == 'push' }.reason",
                        equalTo("no ops-registry-push-verified evidence for services/gitea"))
                .body("status", org.hamcrest.Matchers.not(equalTo("passed")));
    }

    @Test
    void gateStatusChangesAreRecorded() {
        Api.as(Role.READER).get("/api/v1/readiness/gitea-registry/history")
                .then().statusCode(200)
                .body("changes[0].from", equalTo("none"))
                .body("changes[0].position", notNullValue());
    }

    @Test
    void migrationWaveIsBlockedByGateNotPassed() {
        Api.as(Role.READER).get("/api/v1/migrations/coulombcore-to-threephoenix")
                .then().statusCode(200)
                .body("from", equalTo("coulombcore"))
                .body("to", equalTo("threephoenix-prod"))
                .body("waves[0].status", equalTo("blocked"))
                .body("waves[0].blockers.gate", hasItem("gitea-registry"))
                .body("waves[0].services.service", hasItems("gitea", "gitea-database",
                        "gitea-shared-storage"));
    }

    /** A clock ahead of ours (within the skew) cannot make a pass outrank a later failure. */
    @Test
    void futureDatedPassDoesNotMaskALaterFailure() {
        String key = "future-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        opshub.testing.Declarations.declare("endpoints", key, java.util.Map.of("url", "https://x/"),
                java.util.Map.of());
        String widget = Api.freshWidget("endpoint", "endpoints/" + key);
        java.util.Map<String, Object> pass = new java.util.HashMap<>(Api.referenceEvent(widget));
        pass.put("observedAt", java.time.Instant.now().plusSeconds(240)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        Api.as(Role.PROBE).contentType(ContentType.JSON).body(pass)
                .post("/api/v1/events").then().statusCode(201);
        int failed = Api.as(Role.PROBE).contentType(ContentType.JSON)
                .body(java.util.Map.of("widgetId", widget, "eventType", "ops-endpoint-check-failed",
                        "viewContext", "test", "metadata", java.util.Map.of("vsmFunction", "OPS",
                                "vsmSystem", "S1", "endpoint", "https://x/",
                                "failures", java.util.List.of(java.util.Map.of("condition",
                                        "status")))))
                .post("/api/v1/events").then().statusCode(201).extract().path("position");

        try {
            Api.as(Role.READER).queryParam("minPosition", failed)
                    .get("/api/v1/catalog/endpoints/{k}", key)
                    .then().statusCode(200)
                    .body("health.status", equalTo("failing"))
                    .body("health.decidedBy.position", equalTo(failed));
        } finally {
            // other tests count the reference inventory's endpoints
            opshub.testing.Declarations.retire("endpoints", key);
        }
    }

    /**
     * This server applies its own commits without reading them back; an event another
     * replica appended between two of them is read from the ledger, not skipped.
     */
    @Test
    void anotherReplicasEventBetweenOwnCommitsIsApplied() throws Exception {
        String key = "replica-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        opshub.testing.Declarations.declare("endpoints", key, java.util.Map.of("url", "https://x/"),
                java.util.Map.of());
        String widget = Api.freshWidget("endpoint", "endpoints/" + key);
        Api.as(Role.PROBE).contentType(ContentType.JSON).body(Api.referenceEvent(widget))
                .post("/api/v1/events").then().statusCode(201);
        long failed;
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            ObjectNode metadata = (ObjectNode) JsonBodies.STRICT.readTree("""
                    {"vsmFunction":"OPS","vsmSystem":"S1","endpoint":"https://x/",
                     "failures":[{"condition":"status"}]}""");
            failed = db.appendAsAnotherReplica(new EventEnvelope(java.util.UUID.randomUUID(),
                    "ops-endpoint-check-failed", widget, "other replica", metadata,
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    null, new byte[32]), "other-replica");
        }
        int own = Api.as(Role.PROBE).contentType(ContentType.JSON)
                .body(Api.referenceEvent("ops-endpoint-gitea-registry"))
                .post("/api/v1/events").then().statusCode(201).extract().path("position");

        try {
            assertTrue(own > failed, "the own commit follows the other replica's event");
            Api.as(Role.READER).queryParam("minPosition", own)
                    .get("/api/v1/catalog/endpoints/{k}", key)
                    .then().statusCode(200)
                    .body("health.status", equalTo("failing"))
                    .body("health.decidedBy.position", equalTo((int) failed));
        } finally {
            opshub.testing.Declarations.retire("endpoints", key);
        }
    }

    @Test
    void receiptPositionIsVisibleWithMinPosition() {
        int position = Api.as(Role.PROBE).contentType(ContentType.JSON)
                .body(Api.referenceEvent("ops-endpoint-gitea-registry"))
                .post("/api/v1/events").then().statusCode(201).extract().path("position");

        Api.as(Role.READER).queryParam("minPosition", position)
                .get("/api/v1/catalog/endpoints/gitea-registry")
                .then().statusCode(200)
                .body("position", greaterThanOrEqualTo(position))
                .body("health.status", equalTo("healthy"));
    }

    @Test
    void pastPositionShowsTheLedgerAsItStood() {
        Api.as(Role.READER).queryParam("atPosition", 0)
                .get("/api/v1/catalog")
                .then().statusCode(200)
                .body("position", equalTo(0))
                .body("counts.services", equalTo(0))
                .body("asOf", notNullValue());

        Api.as(Role.READER).queryParam("asOf", "2000-01-01T00:00:00Z")
                .get("/api/v1/readiness")
                .then().statusCode(200)
                .body("gates", hasSize(0));
    }

    @Test
    void projectionLagIsInHealthAndMetrics() {
        io.restassured.RestAssured.get("/q/health/ready")
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("checks.find { it.name == 'projections' }.data.lag", notNullValue());
        io.restassured.RestAssured.get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("opshub_projection_lag"));
    }

    @Test
    void readinessWaitsUntilTheProjectionsReachTheHeadAtStartUp() {
        ProjectionEngine engine = Engines.behindTheStartupHead(reader);
        ProjectionHealth health = new ProjectionHealth(engine);
        long head = engine.startupHead();

        HealthCheckResponse behind = health.call();

        assertAll(
                () -> assertTrue(head > 0),
                () -> assertEquals(HealthCheckResponse.Status.DOWN, behind.getStatus()),
                () -> assertEquals(head, behind.getData().orElseThrow().get("startupHead")));

        engine.catchUpNow().await().atMost(Duration.ofMinutes(2));

        assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
    }

    @Test
    void aFailingAdvanceListenerDoesNotStopTheProjections() {
        ProjectionEngine engine = Engines.behindTheStartupHead(reader);
        engine.onAdvance(position -> {
            throw new IllegalStateException("listener broke");
        });
        engine.catchUpNow().await().atMost(Duration.ofMinutes(2));

        int position = Api.as(Role.PROBE).contentType(ContentType.JSON)
                .body(Api.referenceEvent(Api.freshWidget()))
                .post("/api/v1/events").then().statusCode(201).extract().path("position");

        assertTrue(engine.catchUpNow().await().atMost(Duration.ofMinutes(1)) >= position);
    }

    @Test
    void pastStateReachesThePositionAcrossPagesCutByTheirByteLimit() {
        String widget = Api.freshWidget();
        String blob = "x".repeat(900_000);
        int last = 0;
        for (int i = 0; i < 6; i++) {
            last = Api.as(Role.PROBE).contentType(ContentType.JSON)
                    .body(java.util.Map.of("widgetId", widget, "eventType", "ops-endpoint-verified",
                            "viewContext", "test", "metadata", java.util.Map.of("vsmFunction", "OPS",
                                    "vsmSystem", "S1", "endpoint", "e", "blob", blob)))
                    .post("/api/v1/events").then().statusCode(201).extract().path("position");
        }

        Api.as(Role.READER).queryParam("atPosition", last)
                .get("/api/v1/catalog")
                .then().statusCode(200)
                .body("position", equalTo(last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"atPosition", "minPosition"})
    void positionBeyondTheLedgersHeadIs400NamingTheParameter(String parameter) {
        long beyond = Api.as(Role.READER).get("/api/v1/catalog").then().extract().jsonPath()
                .getLong("position") + 1_000_000;

        Api.as(Role.READER).queryParam(parameter, beyond)
                .get("/api/v1/catalog")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo(parameter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00+01:00", "0000-06-01T00:00:00Z",
        "-0001-01-01T00:00:00Z"})
    void asOfBeforeYearOneIs400NamingIt(String asOf) {
        Api.as(Role.READER).queryParam("asOf", asOf)
                .get("/api/v1/catalog")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("asOf"))
                .body("errors[0].got", equalTo(asOf));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "asOf, 2026-01-01T00:00:00Z, atPosition, 3",
        "asOf, 2026-01-01T00:00:00Z, minPosition, 99999999",
        "atPosition, 1, minPosition, 99999999"})
    void twoMomentsTogetherAre400NamingTheSecond(String first, String firstValue,
            String second, String secondValue) {
        Api.as(Role.READER).queryParam(first, firstValue)
                .queryParam(second, secondValue)
                .get("/api/v1/catalog")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo(second));
    }

    @Test
    void rebuiltProjectionEqualsLiveAfterConcurrentWrites() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String widget = Api.freshWidget();
            running.add(writers.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    Api.as(Role.PROBE).contentType(ContentType.JSON)
                            .body(i % 3 == 0 ? Api.failedCheck(widget) : Api.referenceEvent(widget))
                            .post("/api/v1/events").then().statusCode(201);
                }
            }));
        }
        for (Future<?> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        Api.admin().post("/api/v1/projections/rebuild")
                .then().statusCode(200)
                .body("equalToLive", equalTo(true));
    }
}
