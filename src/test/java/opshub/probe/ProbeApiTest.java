package opshub.probe;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.Declarations;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe API over endpoints of each test's own, probing servers on loopback. */
@QuarkusTest
class ProbeApiTest {

    private static final Map<String, List<String>> REGISTRY = Map.of(
            "Docker-Distribution-Api-Version", List.of("registry/2.0"));
    private static final Map<String, Object> EXPECT_REGISTRY = Map.of("status", 401,
            "headers", Map.of("Docker-Distribution-Api-Version", "registry/2.0"));

    @Inject
    ProbeService service;

    private final LoopbackServers servers = new LoopbackServers();
    private final List<String[]> declared = new ArrayList<>();

    @AfterEach
    void retireWhatTheTestDeclared() throws Exception {
        declared.forEach(d -> Declarations.retire(d[0], d[1]));
        servers.close();
    }

    @Test
    void referenceInventoryDeclaresTheRegistryProbe() {
        Api.as(Role.READER).get("/api/v1/probes")
                .then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("probes.endpoint", hasItems("gitea-registry", "inter-hub-openapi",
                        "inter-hub-ui", "state-hub-health"))
                .body("probes.find { it.endpoint == 'gitea-registry' }.expectedStatus",
                        equalTo(List.of(401)))
                .body("probes.find { it.endpoint == 'gitea-registry' }.expectedHeaders"
                        + "['Docker-Distribution-Api-Version']", equalTo("registry/2.0"))
                .body("probes.find { it.endpoint == 'gitea-registry' }.interval",
                        equalTo("PT15M"))
                .body("probes.find { it.endpoint == 'gitea-registry' }.widget",
                        equalTo("ops-endpoint-gitea-registry"))
                .body("probes.find { it.endpoint == 'gitea-registry' }.nextRun", nullValue());
    }

    @Test
    void schedulerRunsADueProbeAndRecordsItsResult() throws Exception {
        String key = probedEndpoint(servers.http(new LoopbackServers.Answer(401, REGISTRY)),
                EXPECT_REGISTRY);
        Instant start = Instant.now();
        service.runDue(start, key::equals);

        List<String> started = service.runDue(start.plus(Duration.ofMinutes(16)), key::equals);

        assertEquals(List.of(key), started);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Api.as(Role.READER)
                .get("/api/v1/probes").jsonPath().get("probes.find { it.endpoint == '" + key
                        + "' }.lastResult") != null);
        Api.as(Role.READER).get("/api/v1/probes")
                .then().body("probes.find { it.endpoint == '" + key + "' }.lastResult.verified",
                        equalTo(true));
    }

    @Test
    void runRecordsVerifiedEvidenceThroughIntake() throws Exception {
        String key = probedEndpoint(servers.http(new LoopbackServers.Answer(401, REGISTRY)),
                EXPECT_REGISTRY);

        Api.admin().post("/api/v1/probes/{e}/run", key)
                .then().statusCode(201)
                .body("eventType", equalTo("ops-endpoint-verified"))
                .body("source", equalTo("ops-hub-probe"))
                .body("position", notNullValue())
                .body("metadata.probe", equalTo(key))
                .body("metadata.expectedStatus", equalTo(401))
                .body("metadata.observedStatus", equalTo(401))
                .body("metadata.headers.docker-distribution-api-version",
                        equalTo("registry/2.0"))
                .body("metadata.failures", nullValue());
    }

    @Test
    void listShowsTheLastResult() throws Exception {
        String key = probedEndpoint(servers.http(new LoopbackServers.Answer(200, REGISTRY)),
                EXPECT_REGISTRY);
        long position = Api.admin().post("/api/v1/probes/{e}/run", key)
                .then().statusCode(201)
                .body("eventType", equalTo("ops-endpoint-check-failed"))
                .body("metadata.failures[0].condition", equalTo("status"))
                .body("metadata.failures[0].got", equalTo(200))
                .body("metadata.failures[0].want", equalTo(401))
                .extract().jsonPath().getLong("position");
        Api.as(Role.READER).queryParam("minPosition", position).get("/api/v1/catalog");

        Api.as(Role.READER).get("/api/v1/probes")
                .then().statusCode(200)
                .body("probes.find { it.endpoint == '" + key + "' }.lastResult.position",
                        equalTo((int) position))
                .body("probes.find { it.endpoint == '" + key + "' }.lastResult.verified",
                        equalTo(false));
    }

    @Test
    void failedRunAfterAPassedOneFailsTheGateCheck() throws Exception {
        LoopbackServers.Answer answer = new LoopbackServers.Answer(401, REGISTRY);
        String key = probedEndpoint(servers.http(answer), EXPECT_REGISTRY);
        String gate = gate(key);

        long passed = run(key);
        checkStatus(gate, passed, "passed")
                .body("checks[0].decidedBy.position", equalTo((int) passed));

        answer.status = 200;
        long failed = run(key);
        checkStatus(gate, failed, "failed")
                .body("checks[0].reason", equalTo("a newer ops-endpoint-check-failed at"
                        + " position " + failed));

        answer.status = 401;
        long again = run(key);
        checkStatus(gate, again, "passed")
                .body("checks[0].decidedBy.position", equalTo((int) again));
    }

    @Test
    void unreachableEndpointRecordsCheckFailedWithItsClass() throws Exception {
        String key = probedEndpoint(LoopbackServers.refused(), Map.of("status", 200));

        Api.admin().post("/api/v1/probes/{e}/run", key)
                .then().statusCode(201)
                .body("eventType", equalTo("ops-endpoint-check-failed"))
                .body("metadata.connectionFailure.class", equalTo("connect"))
                .body("metadata.failures.condition", hasItem("connection"));
    }

    @Test
    void expiringCertificateIsRecordedWithItsChainExpiry() throws Exception {
        String url = servers.https(new LoopbackServers.Answer(401, REGISTRY), 2);
        String key = probedEndpoint(url, EXPECT_REGISTRY);

        Api.admin().post("/api/v1/probes/{e}/run", key)
                .then().statusCode(201)
                .body("eventType", equalTo("ops-endpoint-check-failed"))
                .body("metadata.failures.condition", equalTo(List.of("certificate-expiry")))
                .body("metadata.certificate.leafNotAfter", notNullValue())
                .body("metadata.certificate.earliestNotAfter", notNullValue())
                .body("metadata.certificate.trusted", equalTo(false));
    }

    @Test
    void schemaRefusesAConnectionFailureOfUnknownClass() {
        String widget = Api.freshWidget();

        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("widgetId", widget, "eventType", "ops-endpoint-check-failed",
                        "viewContext", "test", "metadata", Map.of("vsmFunction", "OPS",
                                "vsmSystem", "S1", "endpoint", "https://x/",
                                "failures", List.of(Map.of("condition", "connection")),
                                "connectionFailure", Map.of("class", "gremlins",
                                        "message", "?"))))
                .post("/api/v1/events")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/metadata/connectionFailure/class"));
    }

    @Test
    void runOfAProbeWithoutAWidgetIs409AndRecordsNothing() {
        String key = "probe-test-" + UUID.randomUUID().toString().substring(0, 8);
        Declarations.declare("endpoints", key, Map.of("url", "http://127.0.0.1:9/",
                "expect", Map.of("status", 200), "probe", Map.of()), Map.of());
        declared.add(new String[] {"endpoints", key});
        long before = head();

        Api.admin().post("/api/v1/probes/{e}/run", key)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:conflict"));

        assertEquals(before, head());
    }

    @Test
    void runOfUnknownEndpointIs404ProblemJson() {
        Api.admin().post("/api/v1/probes/{e}/run", "no-such-endpoint")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:not-found"));
    }

    @Test
    void runNeedsTheAdminRole() {
        Api.as(Role.READER).post("/api/v1/probes/{e}/run", "gitea-registry")
                .then().statusCode(403)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().post("/api/v1/probes/{e}/run", "gitea-registry")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void listNeedsAToken() {
        io.restassured.RestAssured.given().get("/api/v1/probes")
                .then().statusCode(401)
                .contentType("application/problem+json");
        Api.as(Role.PROBE).get("/api/v1/probes")
                .then().statusCode(403);
    }

    @Test
    void inventoryWithAnInvalidProbeIsRefusedWholeNamingTheField() throws Exception {
        ObjectNode document = shipped();
        ObjectNode registry = (ObjectNode) document.get("endpoints").get(0);
        registry.putObject("probe").put("interval", "PT1S").put("tlsTrust", "maybe");
        long before = head();

        Api.admin().contentType(ContentType.JSON).body(document.toString())
                .post("/api/v1/inventory")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItems("/endpoints/0/probe/interval",
                        "/endpoints/0/probe/tlsTrust"));

        assertEquals(before, head());
    }

    @Test
    void probedEndpointWithoutAWidgetIsRefused() throws Exception {
        ObjectNode document = shipped();
        ArrayNode widgets = (ArrayNode) document.get("widgets");
        for (int i = widgets.size() - 1; i >= 0; i--) {
            if (widgets.get(i).path("target").asText().equals("endpoints/state-hub-health")) {
                widgets.remove(i);
            }
        }

        Api.admin().contentType(ContentType.JSON).body(document.toString())
                .post("/api/v1/inventory")
                .then().statusCode(422)
                .body("errors.pointer", hasItem("/endpoints/3/probe"));
    }

    private static ObjectNode shipped() throws Exception {
        return (ObjectNode) new YAMLMapper().readTree(
                Path.of("deploy/inventory/ops-hub-inventory.yaml").toFile());
    }

    private static long head() {
        return Api.as(Role.READER).get("/api/v1/catalog")
                .then().extract().jsonPath().getLong("position");
    }

    private static long run(String key) {
        return Api.admin().post("/api/v1/probes/{e}/run", key)
                .then().statusCode(201)
                .extract().jsonPath().getLong("position");
    }

    private static ValidatableResponse checkStatus(String gate, long position,
            String status) {
        return Api.as(Role.READER).queryParam("minPosition", position)
                .get("/api/v1/readiness/{g}", gate)
                .then().statusCode(200)
                .body("checks[0].status", equalTo(status));
    }

    /** An endpoint of the test's own, with a widget and a probe of {@code url}. */
    private String probedEndpoint(String url, Map<String, Object> expect) {
        String key = "probe-test-" + UUID.randomUUID().toString().substring(0, 8);
        Api.freshWidget("endpoint", "endpoints/" + key);
        Declarations.declare("endpoints", key, Map.of("url", url, "expect", expect,
                "probe", Map.of("timeout", "PT5S", "tlsTrust", "any")), Map.of());
        declared.add(new String[] {"endpoints", key});
        return key;
    }

    private String gate(String endpoint) {
        String key = "probe-gate-" + UUID.randomUUID().toString().substring(0, 8);
        Declarations.declare("gates", key, Map.of("name", "Probe test gate", "checks",
                List.of(Map.of("key", "verified", "eventType", "ops-endpoint-verified",
                        "entity", "endpoints/" + endpoint, "maxAge", "P1D"))),
                Map.of("checks", List.of("endpoints/" + endpoint)));
        declared.add(new String[] {"gates", key});
        return key;
    }
}
