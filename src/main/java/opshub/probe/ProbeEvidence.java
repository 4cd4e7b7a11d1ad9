package opshub.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import opshub.api.StorableText;
import opshub.probe.ProbeSpec.HeaderRule;

/**
 * Judges an observation against its probe and writes the evidence: {@value #VERIFIED} when
 * every condition holds, {@value #FAILED} otherwise, with each failed condition's got and
 * want. The conditions: an answer came (else {@code connection}, with the failure's class),
 * its status is one expected ({@code status}), each required header is present and matches
 * ({@code header:<Name>}), no certificate of the chain expires within the threshold
 * ({@code certificate-expiry}) and, for trust mode {@code system}, the JVM's trust store
 * accepts the chain for the host ({@code certificate-trust}). Pure: no I/O.
 */
public final class ProbeEvidence {

    public static final String VERIFIED = "ops-endpoint-verified";
    public static final String FAILED = "ops-endpoint-check-failed";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProbeEvidence() {
    }

    /** A condition that did not hold: what was observed and what was wanted. */
    public record Failure(String condition, JsonNode got, JsonNode want) {
    }

    public static List<Failure> failures(ProbeSpec spec, Observation seen, Duration timeout) {
        List<Failure> failures = new ArrayList<>();
        seen.failure().ifPresent(f -> failures.add(new Failure("connection",
                JSON.textNode(f.failureClass().wire() + ": " + f.message()),
                JSON.textNode("an HTTP answer within " + timeout))));
        seen.status().filter(s -> !spec.expectedStatus().contains(s)).ifPresent(s ->
                failures.add(new Failure("status", JSON.numberNode(s), statusNode(spec))));
        if (seen.status().isPresent()) {
            for (HeaderRule rule : spec.headers()) {
                header(rule, seen).ifPresent(failures::add);
            }
        }
        expiry(spec, seen).ifPresent(failures::add);
        if (spec.tlsTrust() == ProbeSpec.TlsTrust.SYSTEM && !seen.chain().isEmpty()) {
            seen.trustProblem().ifPresent(problem -> failures.add(new Failure(
                    "certificate-trust", JSON.textNode(problem),
                    JSON.textNode("a chain the JVM's trust store accepts for "
                            + spec.url().getHost()))));
        }
        return failures;
    }

    private static JsonNode statusNode(ProbeSpec spec) {
        if (spec.expectedStatus().size() == 1) {
            return JSON.numberNode(spec.expectedStatus().get(0));
        }
        ArrayNode list = JSON.arrayNode();
        spec.expectedStatus().forEach(list::add);
        return list;
    }

    private static Optional<Failure> header(HeaderRule rule, Observation seen) {
        List<String> values = values(rule.name(), seen);
        if (values.stream().anyMatch(rule::matches)) {
            return Optional.empty();
        }
        String name = "header:" + rule.name();
        JsonNode got = values.isEmpty() ? JSON.nullNode()
                : JSON.textNode(Redaction.value(rule.name().toLowerCase(), values.get(0)));
        return Optional.of(new Failure(name, got, JSON.textNode(rule.want())));
    }

    private static List<String> values(String name, Observation seen) {
        return seen.headers().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .flatMap(h -> h.getValue().stream()).toList();
    }

    private static Optional<Failure> expiry(ProbeSpec spec, Observation seen) {
        Optional<Instant> earliest = earliestExpiry(seen.chain());
        Instant limit = seen.startedAt().plus(spec.certExpiry());
        return earliest.filter(e -> e.isBefore(limit)).map(e -> new Failure(
                "certificate-expiry", JSON.textNode(e.toString()),
                JSON.textNode("no certificate expiring before " + limit + " (within "
                        + spec.certExpiry() + ")")));
    }

    static Optional<Instant> earliestExpiry(List<X509Certificate> chain) {
        return chain.stream().map(c -> c.getNotAfter().toInstant())
                .min(Comparator.naturalOrder());
    }

    /** Most characters of one text, header values, names and messages alike. */
    static final int MAX_TEXT = 2048;
    /** Most headers, and most values of one header, recorded. */
    static final int MAX_HEADERS = 100;
    static final int MAX_VALUES = 20;

    /** The event's metadata; {@code failures} empty means the endpoint is verified. */
    public static ObjectNode metadata(ProbeSpec spec, Observation seen, List<Failure> failures) {
        ObjectNode metadata = JSON.objectNode();
        metadata.put("vsmFunction", "OPS");
        metadata.put("vsmSystem", "S1");
        metadata.put("endpoint", spec.url().toString());
        metadata.put("probe", spec.endpoint());
        metadata.put("url", spec.url().toString());
        metadata.put("method", spec.method());
        metadata.set("expectedStatus", statusNode(spec));
        seen.status().ifPresent(s -> metadata.put("observedStatus", s));
        observedHeader(spec, seen).ifPresent(h -> metadata.put("observedHeader", h));
        if (seen.status().isPresent()) {
            ObjectNode headers = Redaction.headers(seen.headers());
            if (headers.size() > MAX_HEADERS) {
                List<String> omitted = new java.util.ArrayList<>();
                headers.fieldNames().forEachRemaining(omitted::add);
                headers.remove(omitted.subList(MAX_HEADERS, omitted.size()));
                metadata.put("headersOmitted", omitted.size() - MAX_HEADERS);
            }
            metadata.set("headers", headers);
        }
        metadata.put("latencyMs", seen.latencyMs());
        certificate(seen).ifPresent(c -> metadata.set("certificate", c));
        seen.failure().ifPresent(f -> metadata.putObject("connectionFailure")
                .put("class", f.failureClass().wire()).put("message", f.message()));
        if (!failures.isEmpty()) {
            ArrayNode list = metadata.putArray("failures");
            for (Failure failure : failures) {
                ObjectNode item = list.addObject().put("condition", failure.condition());
                item.set("got", failure.got());
                item.set("want", failure.want());
            }
        }
        return (ObjectNode) bounded(metadata);
    }

    /**
     * What the endpoint sent, made storable and bounded: a hostile or broken endpoint can
     * neither block its own evidence (a NUL in a header is refused by the store) nor bloat
     * the ledger, which keeps every byte for good.
     */
    static JsonNode bounded(JsonNode node) {
        if (node.isTextual()) {
            return JSON.textNode(bounded(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode bounded = JSON.objectNode();
            node.fields().forEachRemaining(f -> bounded.set(bounded(f.getKey()),
                    bounded(f.getValue())));
            return bounded;
        }
        if (node.isArray()) {
            ArrayNode bounded = JSON.arrayNode();
            boolean texts = node.size() > 0 && node.get(0).isTextual();
            int kept = texts ? Math.min(node.size(), MAX_VALUES) : node.size();
            for (int i = 0; i < kept; i++) {
                bounded.add(bounded(node.get(i)));
            }
            if (node.size() > kept) {
                bounded.add((node.size() - kept) + " more not recorded");
            }
            return bounded;
        }
        return node;
    }

    static String bounded(String text) {
        String storable = StorableText.repair(text);
        if (storable.length() <= MAX_TEXT) {
            return storable;
        }
        int cut = Character.isHighSurrogate(storable.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1
                : MAX_TEXT;
        return storable.substring(0, cut) + "… (" + (storable.length() - cut)
                + " more characters not recorded)";
    }

    /** The first required header as observed, "Name: value", as the reference event has it. */
    private static Optional<String> observedHeader(ProbeSpec spec, Observation seen) {
        for (HeaderRule rule : spec.headers()) {
            List<String> values = values(rule.name(), seen);
            if (!values.isEmpty()) {
                return Optional.of(rule.name() + ": "
                        + Redaction.value(rule.name().toLowerCase(), values.get(0)));
            }
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> certificate(Observation seen) {
        if (seen.chain().isEmpty()) {
            return Optional.empty();
        }
        X509Certificate leaf = seen.chain().get(0);
        ObjectNode view = JSON.objectNode();
        view.put("leafNotAfter", leaf.getNotAfter().toInstant().toString());
        view.put("earliestNotAfter", earliestExpiry(seen.chain()).orElseThrow().toString());
        view.put("leafSubject", leaf.getSubjectX500Principal().getName());
        view.put("chainLength", seen.chain().size());
        view.put("trusted", seen.trustProblem().isEmpty());
        seen.trustProblem().ifPresent(p -> view.put("trustProblem", p));
        return Optional.of(view);
    }
}
