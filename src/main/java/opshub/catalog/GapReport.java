package opshub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opshub.projection.OpsState;

/**
 * The seven questions of the design for every service, each answered with the facts or
 * marked as a gap with the reason. An unanswered question is a gap.
 */
public final class GapReport {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GapReport() {
    }

    public static ObjectNode of(OpsState state, Instant now) {
        ObjectNode view = JSON.objectNode();
        ArrayNode services = view.putArray("services");
        int gaps = 0;
        for (Entity service : ofKind(state, EntityKind.SERVICES)) {
            ObjectNode answers = questions(service, state, now);
            ObjectNode item = services.addObject();
            item.put("service", service.ref().key());
            item.put("name", service.name());
            item.set("questions", answers);
            int open = 0;
            for (JsonNode answer : answers) {
                open += answer.get("gap").asBoolean() ? 1 : 0;
            }
            item.put("gaps", open);
            gaps += open;
        }
        view.put("gaps", gaps);
        return view;
    }

    private static ObjectNode questions(Entity service, OpsState state, Instant now) {
        List<Entity> installations = incoming(state, service, EntityKind.INSTALLATIONS,
                "service");
        List<Entity> endpoints = incoming(state, service, EntityKind.ENDPOINTS, "exposes");
        List<EntityRef> datastores = service.related("backedBy");
        ObjectNode questions = JSON.objectNode();
        questions.set("runsWhere", runsWhere(installations));
        questions.set("ownerRepo", refs(service.related("ownedBy"),
                "no repo is declared as owner of its desired state"));
        questions.set("endpoint", refs(endpoints.stream().map(Entity::ref).toList(),
                "no endpoint exposes it"));
        questions.set("dataStores", dataStores(service, datastores));
        questions.set("backups", backups(state, datastores));
        questions.set("migrationWave", migrationWave(state, service.ref()));
        questions.set("healthEvidence", healthEvidence(state, service, endpoints, installations,
                now));
        return questions;
    }

    private static ObjectNode runsWhere(List<Entity> installations) {
        ArrayNode facts = JSON.arrayNode();
        for (Entity installation : installations) {
            ObjectNode fact = facts.addObject();
            fact.put("installation", installation.ref().key());
            for (String relation : List.of("environment", "cluster", "host")) {
                installation.related(relation).stream().findFirst()
                        .ifPresent(r -> fact.put(relation, r.key()));
            }
        }
        return facts.isEmpty() ? gap("no installation records the environment, cluster or"
                + " host it runs in") : answer(facts);
    }

    private static ObjectNode dataStores(Entity service, List<EntityRef> datastores) {
        if (!service.attributes().path("datastoresDeclared").asBoolean()) {
            return gap("the inventory does not say which data stores back it");
        }
        ArrayNode facts = JSON.arrayNode();
        datastores.forEach(d -> facts.add(d.toString()));
        return answer(facts);
    }

    private static ObjectNode backups(OpsState state, List<EntityRef> datastores) {
        ArrayNode facts = JSON.arrayNode();
        List<String> missing = new ArrayList<>();
        for (EntityRef store : datastores) {
            Map<String, Evidence> evidence = state.evidence(store);
            boolean declared = !incoming(state, store, EntityKind.BACKUPS, "covers").isEmpty();
            Evidence backup = evidence.get("ops-backup-completed");
            Evidence restore = evidence.get("ops-restore-tested");
            ObjectNode fact = facts.addObject().put("dataStore", store.toString())
                    .put("backupDeclared", declared);
            if (backup != null) {
                fact.put("lastBackup", backup.observedAt().toString());
            } else {
                missing.add("no backup evidence for " + store);
            }
            if (restore != null) {
                fact.put("lastRestoreTest", restore.observedAt().toString());
            } else {
                missing.add("no restore test evidence for " + store);
            }
        }
        return missing.isEmpty() ? answer(facts) : gap(String.join("; ", missing));
    }

    private static ObjectNode migrationWave(OpsState state, EntityRef service) {
        ArrayNode facts = JSON.arrayNode();
        for (Entity migration : ofKind(state, EntityKind.MIGRATIONS)) {
            for (JsonNode wave : migration.attributes().path("waves")) {
                for (JsonNode move : wave.path("services")) {
                    if (service.key().equals(move.path("service").asText())) {
                        facts.addObject().put("migration", migration.ref().key())
                                .put("wave", wave.path("key").asText())
                                .put("disposition", move.path("disposition").asText());
                    }
                }
            }
        }
        return facts.isEmpty() ? gap("no migration wave plans its future") : answer(facts);
    }

    private static ObjectNode healthEvidence(OpsState state, Entity service,
            List<Entity> endpoints, List<Entity> installations, Instant now) {
        ArrayNode facts = JSON.arrayNode();
        List<EntityRef> subjects = new ArrayList<>(List.of(service.ref()));
        endpoints.forEach(e -> subjects.add(e.ref()));
        installations.forEach(i -> subjects.add(i.ref()));
        for (EntityRef subject : subjects) {
            Health.Verdict verdict = Health.of(subject, state, now);
            if (verdict.status() == Health.Status.HEALTHY) {
                ObjectNode fact = Health.evidenceView(verdict.decidedBy().orElseThrow(), now);
                facts.add(fact.put("entity", subject.toString()));
            }
        }
        return facts.isEmpty() ? gap("no fresh evidence shows it or its endpoints healthy")
                : answer(facts);
    }

    private static ObjectNode refs(List<EntityRef> refs, String reason) {
        ArrayNode facts = JSON.arrayNode();
        refs.forEach(r -> facts.add(r.toString()));
        return refs.isEmpty() ? gap(reason) : answer(facts);
    }

    private static List<Entity> incoming(OpsState state, Entity target, EntityKind kind,
            String relation) {
        return incoming(state, target.ref(), kind, relation);
    }

    private static List<Entity> incoming(OpsState state, EntityRef target, EntityKind kind,
            String relation) {
        return state.referrers(target, relation).stream()
                .filter(e -> e.ref().kind() == kind).toList();
    }

    private static Collection<Entity> ofKind(OpsState state, EntityKind kind) {
        return state.entities(kind);
    }

    private static ObjectNode answer(JsonNode facts) {
        ObjectNode answer = JSON.objectNode();
        answer.put("gap", false);
        answer.set("answer", facts);
        return answer;
    }

    private static ObjectNode gap(String reason) {
        return JSON.objectNode().put("gap", true).put("reason", reason);
    }

}
