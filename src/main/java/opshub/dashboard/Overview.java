package opshub.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import opshub.audit.SignedCheckpoint;
import opshub.catalog.CatalogViews;
import opshub.migration.MigrationViews;
import opshub.projection.OpsState;
import opshub.readiness.CheckStatus;
import opshub.readiness.GateEvaluator;

/**
 * The dashboard's overview, built from the same views the projection endpoints answer with,
 * so it can never disagree with them: catalog counts, gates per status, per migration its
 * waves and services done, and the number of held submissions.
 */
final class Overview {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Overview() {
    }

    static ObjectNode of(OpsState state, Instant now) {
        ObjectNode view = JSON.objectNode();
        view.set("counts", CatalogViews.counts(state).get("counts"));
        view.set("gates", gates(state, now));
        view.set("migrations", migrations(state, now));
        view.put("blocked", state.blocked().size());
        return view;
    }

    private static ObjectNode gates(OpsState state, Instant now) {
        ObjectNode gates = JSON.objectNode();
        for (CheckStatus status : CheckStatus.values()) {
            gates.put(status.wire(), 0);
        }
        GateEvaluator.statuses(state, now).values().forEach(status ->
                gates.put(status.wire(), gates.get(status.wire()).asInt() + 1));
        return gates;
    }

    private static JsonNode migrations(OpsState state, Instant now) {
        var items = JSON.arrayNode();
        for (JsonNode migration : MigrationViews.list(state, now).get("migrations")) {
            int waves = 0;
            int wavesDone = 0;
            int services = 0;
            int servicesDone = 0;
            for (JsonNode wave : migration.get("waves")) {
                waves++;
                wavesDone += wave.get("status").asText().equals("done") ? 1 : 0;
                for (JsonNode move : wave.get("services")) {
                    services++;
                    String status = move.get("status").asText();
                    servicesDone += status.equals("done") || status.equals("cancelled") ? 1 : 0;
                }
            }
            items.addObject()
                    .put("id", migration.get("id").asText())
                    .put("name", migration.get("name").asText())
                    .put("status", migration.get("status").asText())
                    .put("waves", waves)
                    .put("wavesDone", wavesDone)
                    .put("services", services)
                    .put("servicesDone", servicesDone);
        }
        return items;
    }

    /** Adds the ledger figures, which are always the present ones. */
    static ObjectNode withLedger(ObjectNode view, long head, long lag,
            SignedCheckpoint checkpoint) {
        ObjectNode ledger = view.putObject("ledger");
        ledger.put("head", head);
        ledger.put("projectionLag", lag);
        if (checkpoint == null) {
            ledger.putNull("checkpoint");
        } else {
            ledger.putObject("checkpoint")
                    .put("treeSize", checkpoint.treeSize())
                    .put("signedAt", checkpoint.signedAt().toString());
        }
        return view;
    }
}
