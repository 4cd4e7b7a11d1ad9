package opshub.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opshub.api.StorableText;
import org.junit.jupiter.api.Test;

/** What an endpoint sends cannot keep its own evidence out of the ledger, nor bloat it. */
class ProbeEvidenceTest {

    @Test
    void nulInAHeaderOrMessageIsReplacedSoTheEvidenceCanBeStored() throws Exception {
        ProbeSpec spec = ProbeRunnerTest.spec("http://127.0.0.1:9/", "{status: 200}", "{}");
        Observation answered = new Observation(Instant.now(), 3, Optional.of(200),
                Map.of("X-Nul", List.of("a\u0000b\uD800")), List.of(), Optional.empty(),
                Optional.empty());
        Observation failed = Observation.failed(Instant.now(), 3, List.of(), Optional.empty(),
                Observation.FailureClass.IO, "header x-nul: a\u0000b");

        for (Observation seen : List.of(answered, failed)) {
            ObjectNode metadata = ProbeEvidence.metadata(spec, seen,
                    ProbeEvidence.failures(spec, seen, Duration.ofSeconds(5)));
            assertTrue(StorableText.problem(metadata.toString()).isEmpty(), metadata.toString());
        }
    }

    @Test
    void manyOrLongHeadersAreCutWithACount() throws Exception {
        ProbeSpec spec = ProbeRunnerTest.spec("http://127.0.0.1:9/", "{status: 200}", "{}");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            headers.put(String.format("x-h%04d", i), List.of("v"));
        }
        headers.put("x-big", List.of("y".repeat(200_000)));
        Observation seen = new Observation(Instant.now(), 3, Optional.of(200), headers,
                List.of(), Optional.empty(), Optional.empty());

        ObjectNode metadata = ProbeEvidence.metadata(spec, seen, List.of());

        assertEquals(ProbeEvidence.MAX_HEADERS, metadata.get("headers").size());
        assertEquals(5001 - ProbeEvidence.MAX_HEADERS, metadata.get("headersOmitted").asInt());
        assertTrue(metadata.toString().length() < 20_000, "" + metadata.toString().length());
    }

    @Test
    void longTextKeepsItsStartAndSaysHowMuchWasCut() {
        String cut = ProbeEvidence.bounded("z".repeat(ProbeEvidence.MAX_TEXT + 10));

        assertTrue(cut.startsWith("z".repeat(ProbeEvidence.MAX_TEXT)), cut);
        assertTrue(cut.endsWith("(10 more characters not recorded)"), cut);
    }
}
