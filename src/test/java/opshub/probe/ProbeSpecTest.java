package opshub.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import opshub.api.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeSpecTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void referenceRegistryProbeReadsWithItsExpectation() throws Exception {
        ProbeSpec spec = read("""
                url: https://gitea.coulomb.social/v2/
                expect: {status: 401, headers: {Docker-Distribution-Api-Version: registry/2.0}}
                probe: {interval: PT15M, timeout: PT10S, certExpiry: P14D}
                """, new ArrayList<>()).orElseThrow();

        assertEquals(List.of(401), spec.expectedStatus());
        assertEquals("registry/2.0", spec.headers().get(0).want());
        assertEquals(Duration.ofMinutes(15), spec.interval().orElseThrow());
        assertEquals(Duration.ofDays(14), spec.certExpiry());
        assertEquals("GET", spec.method());
        assertEquals(ProbeSpec.TlsTrust.SYSTEM, spec.tlsTrust());
    }

    @Test
    void endpointWithoutProbeHasNone() throws Exception {
        List<FieldError> errors = new ArrayList<>();

        assertTrue(read("url: https://x/\nexpect: {status: 200}\n", errors).isEmpty());
        assertEquals(List.of(), errors);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "status out of range | {status: 700} | {} | /e/expect/status",
        "status in a list not a number | {status: [302, x]} | {} | /e/expect/status/1",
        "no status | {headers: {A: b}} | {} | /e/expect/status",
        "bad regex | {status: 200, headers: {A: {regex: '('}}} | {} | /e/expect/headers/A/regex",
        "unknown expect field | {status: 200, body: x} | {} | /e/expect/body",
        "interval too short | {status: 200} | {interval: PT1S} | /e/probe/interval",
        "interval too long | {status: 200} | {interval: P36500D} | /e/probe/interval",
        "interval not a duration | {status: 200} | {interval: often} | /e/probe/interval",
        "timeout too long | {status: 200} | {timeout: PT1H} | /e/probe/timeout",
        "unknown method | {status: 200} | {method: DELETE} | /e/probe/method",
        "unknown trust | {status: 200} | {tlsTrust: maybe} | /e/probe/tlsTrust",
        "unknown probe field | {status: 200} | {retries: 3} | /e/probe/retries",
    })
    void invalidProbeNamesTheField(String what, String expect, String probe, String pointer)
            throws Exception {
        List<FieldError> errors = new ArrayList<>();

        Optional<ProbeSpec> spec = read("url: https://x/\nexpect: " + expect + "\nprobe: "
                + probe + "\n", errors);

        assertTrue(spec.isEmpty(), what);
        assertEquals(pointer, errors.get(0).pointer(), errors.toString());
    }

    @Test
    void probedEndpointWithoutExpectationIsAnError() throws Exception {
        List<FieldError> errors = new ArrayList<>();

        read("url: https://x/\nprobe: {}\n", errors);

        assertEquals("/e/expect", errors.get(0).pointer());
    }

    @Test
    void urlThatCannotBeProbedIsAnError() throws Exception {
        List<FieldError> errors = new ArrayList<>();

        read("url: ftp://x/\nexpect: {status: 200}\nprobe: {}\n", errors);

        assertEquals("/e/url", errors.get(0).pointer());
    }

    /** The URL is recorded in every run's evidence and shown to readers: no secrets in it. */
    @Test
    void urlWithCredentialsIsAnErrorThatDoesNotRepeatThem() throws Exception {
        List<FieldError> errors = new ArrayList<>();

        read("url: 'http://user:s3cret@x/'\nexpect: {status: 200}\nprobe: {}\n", errors);

        assertEquals("/e/url", errors.get(0).pointer());
        assertTrue(!errors.toString().contains("s3cret"), errors.toString());
    }

    private static Optional<ProbeSpec> read(String yaml, List<FieldError> errors)
            throws Exception {
        JsonNode endpoint = YAML.readTree(yaml);
        return ProbeSpec.read("e", endpoint, "/e", errors);
    }
}
