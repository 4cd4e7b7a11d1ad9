package opshub.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import opshub.api.ProblemException;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.projection.OpsState;
import opshub.readiness.CheckStatus;
import opshub.readiness.GateEvaluator;

/**
 * Migration status: per wave its services (disposition, status) and its blockers, the gates
 * that are not passed. A wave is blocked while it has blockers, done when every service in it
 * is done or cancelled, ready otherwise; a migration is done when every wave is.
 */
public final class MigrationViews {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MigrationViews() {
    }

    public static ObjectNode list(OpsState state, Instant now) {
        ObjectNode view = JSON.objectNode();
        ArrayNode items = view.putArray("migrations");
        Map<String, CheckStatus> gates = GateEvaluator.statuses(state, now);
        state.entities(EntityKind.MIGRATIONS).forEach(m -> items.add(migration(m, gates)));
        return view;
    }

    public static ObjectNode one(OpsState state, String key, Instant now) {
        Entity migration = state.entity(new EntityRef(EntityKind.MIGRATIONS, key))
                .orElseThrow(() -> ProblemException.notFound("migration " + key));
        return migration(migration, GateEvaluator.statuses(state, now));
    }

    private static ObjectNode migration(Entity migration, Map<String, CheckStatus> gates) {
        ObjectNode view = JSON.objectNode();
        view.put("id", migration.ref().key());
        view.put("name", migration.name());
        migration.related("from").stream().findFirst().ifPresent(r -> view.put("from", r.key()));
        migration.related("to").stream().findFirst().ifPresent(r -> view.put("to", r.key()));
        ArrayNode waves = view.putArray("waves");
        boolean allDone = true;
        boolean blocked = false;
        for (JsonNode wave : migration.attributes().path("waves")) {
            ObjectNode waveView = wave(wave, gates);
            waves.add(waveView);
            String status = waveView.get("status").asText();
            blocked |= allDone && status.equals("blocked");
            allDone &= status.equals("done");
        }
        view.put("status", allDone ? "done" : blocked ? "blocked" : "in-progress");
        return view;
    }

    private static ObjectNode wave(JsonNode wave, Map<String, CheckStatus> gates) {
        ObjectNode view = JSON.objectNode();
        view.put("key", wave.path("key").asText());
        view.put("name", wave.path("name").asText(wave.path("key").asText()));
        ArrayNode services = view.putArray("services");
        boolean done = true;
        for (JsonNode move : wave.path("services")) {
            String status = move.path("status").asText("planned");
            services.addObject().put("service", move.path("service").asText())
                    .put("disposition", move.path("disposition").asText())
                    .put("status", status);
            done &= status.equals("done") || status.equals("cancelled");
        }
        ArrayNode blockers = view.putArray("blockers");
        for (JsonNode gate : wave.path("gates")) {
            CheckStatus status = gates.getOrDefault(gate.asText(), CheckStatus.UNKNOWN);
            if (status != CheckStatus.PASSED) {
                blockers.addObject().put("gate", gate.asText()).put("status", status.wire());
            }
        }
        view.put("status", done ? "done" : !blockers.isEmpty() ? "blocked" : "ready");
        return view;
    }
}
