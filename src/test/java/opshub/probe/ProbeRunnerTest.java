package opshub.probe;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import opshub.api.FieldError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probes against HTTP and HTTPS servers on loopback; the evidence each run would record. */
class ProbeRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Map<String, List<String>> REGISTRY = Map.of(
            "Docker-Distribution-Api-Version", List.of("registry/2.0"),
            "WWW-Authenticate", List.of("Bearer realm=\"https://gitea.example/v2/token\","
                    + "service=\"container_registry\",scope=\"*\""),
            "Set-Cookie", List.of("i_like_gitea=0123456789abcdef; Path=/; HttpOnly"));

    private final LoopbackServers servers = new LoopbackServers();
    private final ProbePool pool = new ProbePool(2);

    @AfterEach
    void close() throws Exception {
        pool.close();
        servers.close();
    }

    @Test
    void registryAnswering401WithItsHeaderIsVerified() throws Exception {
        String url = servers.http(new LoopbackServers.Answer(401, REGISTRY));
        ProbeSpec spec = spec(url, "{status: 401, headers: {Docker-Distribution-Api-Version:"
                + " registry/2.0}}", "{}");

        Result result = run(spec);

        assertAll(
                () -> assertEquals(List.of(), result.failures()),
                () -> assertEquals(401, result.metadata().get("observedStatus").asInt()),
                () -> assertEquals(401, result.metadata().get("expectedStatus").asInt()),
                () -> assertEquals("Docker-Distribution-Api-Version: registry/2.0",
                        result.metadata().get("observedHeader").asText()),
                () -> assertEquals("registry/2.0", result.metadata().at(
                        "/headers/docker-distribution-api-version").asText()),
                () -> assertEquals("GET", result.metadata().get("method").asText()),
                () -> assertEquals(url, result.metadata().get("url").asText()),
                () -> assertTrue(result.metadata().get("latencyMs").asLong() >= 0),
                () -> assertFalse(result.metadata().has("certificate")));
    }

    @Test
    void okWhere401IsExpectedFailsWithGotAndWant() throws Exception {
        String url = servers.http(new LoopbackServers.Answer(200, Map.of()));
        ProbeSpec spec = spec(url, "{status: 401}", "{}");

        Result result = run(spec);

        assertEquals(1, result.failures().size());
        JsonNode failure = result.metadata().at("/failures/0");
        assertEquals("status", failure.get("condition").asText());
        assertEquals(200, failure.get("got").asInt());
        assertEquals(401, failure.get("want").asInt());
    }

    @Test
    void statusFromAListOfExpectedOnesIsVerified() throws Exception {
        String url = servers.http(new LoopbackServers.Answer(303,
                Map.of("Location", List.of("https://hub.example/NewSession?next=/Hubs"))));
        ProbeSpec spec = spec(url, "{status: [302, 303], headers: {Location: {regex:"
                + " '.*/NewSession.*'}}}", "{}");

        Result result = run(spec);

        assertEquals(List.of(), result.failures());
        assertEquals("[302,303]", result.metadata().get("expectedStatus").toString());
    }

    @Test
    void missingHeaderFails() throws Exception {
        String url = servers.http(new LoopbackServers.Answer(401, Map.of()));
        ProbeSpec spec = spec(url, "{status: 401, headers: {Docker-Distribution-Api-Version:"
                + " registry/2.0}}", "{}");

        Result result = run(spec);

        JsonNode failure = result.metadata().at("/failures/0");
        assertEquals("header:Docker-Distribution-Api-Version",
                failure.get("condition").asText());
        assertTrue(failure.get("got").isNull());
        assertEquals("registry/2.0", failure.get("want").asText());
    }

    @Test
    void headerNotMatchingItsRegexFails() throws Exception {
        String url = servers.http(new LoopbackServers.Answer(302,
                Map.of("Location", List.of("/Login"))));
        ProbeSpec spec = spec(url, "{status: 302, headers: {Location: {regex: '.*/NewSession"
                + ".*'}}}", "{}");

        JsonNode failure = run(spec).metadata().at("/failures/0");

        assertEquals("/Login", failure.get("got").asText());
        assertEquals("matches .*/NewSession.*", failure.get("want").asText());
    }

    @Test
    void serverThatNeverAnswersTimesOutWithoutDelayingOtherProbes() throws Exception {
        ProbeSpec hanging = spec(servers.hanging(), "{status: 200}", "{}");
        ProbeSpec answering = spec(servers.http(new LoopbackServers.Answer(200, Map.of())),
                "{status: 200}", "{}");

        CompletableFuture<Observation> stuck = pool.submit(hanging, Duration.ofSeconds(30));
        Observation answered = pool.submit(answering, Duration.ofSeconds(30))
                .get(60, TimeUnit.SECONDS);

        assertEquals(200, answered.status().orElseThrow());
        assertFalse(stuck.isDone(), "the hanging probe is still waiting");
        stuck.cancel(true);

        Result timedOut = run(spec(servers.hanging(), "{status: 200}", "{}"),
                Duration.ofMillis(500));
        assertEquals("timeout", timedOut.metadata().at("/connectionFailure/class").asText());
        assertEquals("connection", timedOut.metadata().at("/failures/0/condition").asText());
    }

    @Test
    void refusedConnectionRecordsItsClass() throws Exception {
        Result result = run(spec(LoopbackServers.refused(), "{status: 200}", "{}"));

        assertEquals("connect", result.metadata().at("/connectionFailure/class").asText());
        assertFalse(result.metadata().at("/connectionFailure/message").asText().isBlank());
        assertFalse(result.metadata().has("observedStatus"));
    }

    @Test
    void unresolvableHostRecordsDnsClass() throws Exception {
        Result result = run(spec("https://ops-hub-probe-test.invalid/", "{status: 200}", "{}"));

        assertEquals("dns", result.metadata().at("/connectionFailure/class").asText());
    }

    @Test
    void selfSignedCertificateExpiringWithinTheThresholdFails() throws Exception {
        String url = servers.https(new LoopbackServers.Answer(401, REGISTRY), 3);
        ProbeSpec spec = spec(url, "{status: 401}", "{certExpiry: P14D, tlsTrust: any}");

        Result result = run(spec);

        assertEquals(1, result.failures().size(), result.metadata().toString());
        JsonNode failure = result.metadata().at("/failures/0");
        assertEquals("certificate-expiry", failure.get("condition").asText());
        Instant notAfter = Instant.parse(result.metadata().at("/certificate/leafNotAfter")
                .asText());
        assertTrue(notAfter.isBefore(Instant.now().plus(Duration.ofDays(4))));
        assertEquals(notAfter.toString(), failure.get("got").asText());
        assertEquals(notAfter.toString(), result.metadata().at(
                "/certificate/earliestNotAfter").asText());
    }

    @Test
    void selfSignedCertificateFarFromExpiryIsVerifiedWhenAnyChainIsTrusted() throws Exception {
        String url = servers.https(new LoopbackServers.Answer(401, REGISTRY), 365);
        ProbeSpec spec = spec(url, "{status: 401}", "{certExpiry: P14D, tlsTrust: any}");

        Result result = run(spec);

        assertEquals(List.of(), result.failures());
        assertFalse(result.metadata().at("/certificate/trusted").asBoolean());
        assertEquals(1, result.metadata().at("/certificate/chainLength").asInt());
    }

    @Test
    void selfSignedCertificateFailsUnderSystemTrust() throws Exception {
        String url = servers.https(new LoopbackServers.Answer(401, REGISTRY), 365);
        ProbeSpec spec = spec(url, "{status: 401}", "{certExpiry: P14D}");

        Result result = run(spec);

        assertEquals(1, result.failures().size(), result.metadata().toString());
        assertEquals("certificate-trust", result.metadata().at("/failures/0/condition")
                .asText());
        assertEquals(401, result.metadata().get("observedStatus").asInt());
    }

    @Test
    void recordedHeadersCarryNoCredential() throws Exception {
        String url = servers.http(new LoopbackServers.Answer(401, REGISTRY));

        JsonNode headers = run(spec(url, "{status: 401}", "{}")).metadata().get("headers");

        assertEquals("i_like_gitea=[redacted]; Path=/; HttpOnly",
                headers.get("set-cookie").asText());
        assertTrue(headers.get("www-authenticate").asText().contains(
                "realm=\"https://gitea.example/v2/token\""));
    }

    record Result(List<ProbeEvidence.Failure> failures, ObjectNode metadata) {
    }

    private Result run(ProbeSpec spec) throws Exception {
        return run(spec, TIMEOUT);
    }

    private Result run(ProbeSpec spec, Duration timeout) throws Exception {
        Observation seen = pool.submit(spec, timeout).get(60, TimeUnit.SECONDS);
        List<ProbeEvidence.Failure> failures = ProbeEvidence.failures(spec, seen, timeout);
        return new Result(failures, ProbeEvidence.metadata(spec, seen, failures));
    }

    /** A spec as an inventory endpoint would declare it (YAML flow syntax). */
    static ProbeSpec spec(String url, String expect, String probe) throws Exception {
        ObjectNode endpoint = JSON.createObjectNode().put("url", url);
        com.fasterxml.jackson.dataformat.yaml.YAMLMapper yaml =
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        endpoint.set("expect", yaml.readTree(expect));
        endpoint.set("probe", yaml.readTree(probe));
        List<FieldError> errors = new ArrayList<>();
        return ProbeSpec.read("test", endpoint, "", errors)
                .orElseThrow(() -> new AssertionError(errors.toString()));
    }
}
