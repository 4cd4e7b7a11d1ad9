package opshub.readiness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opshub.catalog.Entity;
import opshub.catalog.EntityRef;
import opshub.catalog.Evidence;
import opshub.catalog.Health;
import opshub.manifest.EventTypeDef;
import opshub.projection.OpsState;

/**
 * Evaluates readiness gates at a moment. A check is decided by the latest evidence of its
 * event type about its entity: unknown without any, failed when the evidence says it failed
 * (its condition does not hold, {@code passed: false}, or a newer failure of the entity was
 * recorded), stale when older than the check's max age, passed otherwise. A gate is failed
 * if any check failed, else unknown if any is unknown, else stale if any is stale, else
 * passed.
 */
public final class GateEvaluator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration DEFAULT_MAX_AGE = Duration.ofDays(1);

    private GateEvaluator() {
    }

    /** One check's verdict and the evidence that decided it (absent when unknown). */
    public record CheckResult(String key, String eventType, String entity, CheckStatus status,
            Optional<Evidence> decidedBy, String reason) {
    }

    public record GateResult(String key, String name, CheckStatus status,
            List<CheckResult> checks) {
    }

    public static GateResult evaluate(Entity gate, OpsState state, Instant now) {
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode check : gate.attributes().path("checks")) {
            checks.add(check(check, state, now));
        }
        return new GateResult(gate.ref().key(), gate.name(), combine(checks), checks);
    }

    public static CheckStatus combine(List<CheckResult> checks) {
        List<CheckStatus> statuses = checks.stream().map(CheckResult::status).toList();
        for (CheckStatus worst : List.of(CheckStatus.FAILED, CheckStatus.UNKNOWN,
                CheckStatus.STALE)) {
            if (statuses.contains(worst)) {
                return worst;
            }
        }
        return CheckStatus.PASSED;
    }

    private static CheckResult check(JsonNode check, OpsState state, Instant now) {
        String key = check.path("key").asText();
        String type = check.path("eventType").asText();
        String entity = check.path("entity").asText();
        Optional<EntityRef> ref = EntityRef.parse(entity);
        Evidence evidence = ref.map(r -> state.evidence(r).get(type)).orElse(null);
        if (evidence == null) {
            return new CheckResult(key, type, entity, CheckStatus.UNKNOWN, Optional.empty(),
                    "no " + type + " evidence for " + entity);
        }

        Optional<String> failure = failure(check, evidence, ref.get(), state);
        if (failure.isPresent()) {
            return new CheckResult(key, type, entity, CheckStatus.FAILED, Optional.of(evidence),
                    failure.get());
        }
        Duration maxAge = check.has("maxAge") ? Duration.parse(check.get("maxAge").asText())
                : DEFAULT_MAX_AGE;
        Duration age = Duration.between(evidence.effectiveAt(), now);
        if (age.compareTo(maxAge) > 0) {
            return new CheckResult(key, type, entity, CheckStatus.STALE, Optional.of(evidence),
                    "evidence is " + age + " old; at most " + maxAge + " allowed");
        }
        return new CheckResult(key, type, entity, CheckStatus.PASSED, Optional.of(evidence),
                "evidence at position " + evidence.position());
    }

    private static Optional<String> failure(JsonNode check, Evidence evidence, EntityRef ref,
            OpsState state) {
        JsonNode condition = check.get("condition");
        if (condition != null && !holds(condition, evidence.metadata())) {
            JsonNode got = evidence.metadata().at(condition.path("pointer").asText());
            return Optional.of("condition " + condition + " does not hold: got "
                    + (got.isMissingNode() ? "nothing" : got));
        }
        if (evidence.metadata().path("passed").isBoolean()
                && !evidence.metadata().get("passed").asBoolean()) {
            return Optional.of("the evidence reports passed: false");
        }
        Optional<Evidence> newerFailure = Health.latestFailure(ref, state)
                .filter(f -> f.isNewerThan(evidence));
        return newerFailure.map(f -> "a newer " + f.eventType() + " at position "
                + f.position());
    }

    static boolean holds(JsonNode condition, JsonNode metadata) {
        JsonNode got = metadata.at(condition.path("pointer").asText());
        if (condition.has("exists")) {
            return got.isMissingNode() != condition.get("exists").asBoolean();
        }
        if (condition.has("in")) {
            for (JsonNode want : condition.get("in")) {
                if (want.equals(got) || numericallyEqual(want, got)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode want = condition.get("equals");
        return want.equals(got) || numericallyEqual(want, got);
    }

    private static boolean numericallyEqual(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
    }

    public static ObjectNode view(GateResult gate, Instant now) {
        ObjectNode view = JSON.objectNode();
        view.put("gate", gate.key());
        view.put("name", gate.name());
        view.put("status", gate.status().wire());
        var checks = view.putArray("checks");
        for (CheckResult check : gate.checks()) {
            ObjectNode node = checks.addObject();
            node.put("key", check.key());
            node.put("eventType", check.eventType());
            node.put("entity", check.entity());
            node.put("status", check.status().wire());
            node.put("reason", check.reason());
            check.decidedBy().ifPresent(e -> node.set("decidedBy", Health.evidenceView(e, now)));
        }
        return view;
    }

    /** Gate keys with their evaluated status, for the gates an entity map holds. */
    public static Map<String, CheckStatus> statuses(OpsState state, Instant now) {
        Map<String, CheckStatus> statuses = new java.util.TreeMap<>();
        state.entities(opshub.catalog.EntityKind.GATES)
                .forEach(g -> statuses.put(g.ref().key(), evaluate(g, state, now).status()));
        return statuses;
    }
}
