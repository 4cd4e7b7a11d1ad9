package opshub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import opshub.api.JsonBodies;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
import opshub.catalog.Entity;
import opshub.catalog.EntityRef;
import opshub.intake.EventEnvelope;
import opshub.ledger.Digests;
import opshub.projection.HubEvents;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;
import opshub.widget.WidgetService;

/**
 * Makes the ledger describe an inventory: appends a declaration for every entity that is new
 * or changed, a retirement for every entity no longer in the file, and registers or retires
 * the widgets the file declares. What did not change appends nothing, so loading the same
 * file twice is a no-op. All events of one reconciliation are appended together.
 */
@ApplicationScoped
public class Reconciler {

    private final HubEvents hub;
    private final ProjectionEngine projections;

    Reconciler(HubEvents hub, ProjectionEngine projections) {
        this.hub = hub;
        this.projections = projections;
    }

    /** What a reconciliation changed, and the ledger position it reached. */
    public record Outcome(int declared, int retired, int widgetsRegistered, int widgetsRetired,
            long position) {
    }

    public Uni<Outcome> reconcile(Inventory inventory, String source) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Changes changes = projections.read(state -> changes(state, inventory, now));
        return hub.append(changes.events(), source).map(receipts -> new Outcome(
                changes.declared(), changes.retired(), changes.widgetsRegistered(),
                changes.widgetsRetired(), projections.position()));
    }

    record Changes(List<EventEnvelope> events, int declared, int retired,
            int widgetsRegistered, int widgetsRetired) {
    }

    static Changes changes(OpsState state, Inventory inventory, Instant now) {
        if (!state.activeTypes().containsKey(OpsState.ENTITY_DECLARED)) {
            throw new ProblemException(ProblemType.CONFLICT, "no active manifest registers "
                    + OpsState.ENTITY_DECLARED + "; activate the ops-core manifest first");
        }
        List<EventEnvelope> events = new ArrayList<>();
        int widgetsRegistered = registerWidgets(state, inventory, events, now);
        int widgetsRetired = retireWidgets(state, inventory, events);
        String catalog = catalogWidget(inventory);
        int declared = 0;
        Set<EntityRef> wanted = new HashSet<>();
        for (Declaration declaration : inventory.declarations()) {
            wanted.add(declaration.ref());
            Optional<Entity> current = state.entity(declaration.ref());
            if (current.isEmpty() || !same(current.get(), declaration)) {
                events.add(declaration(declaration, catalog, state.position(), now));
                declared++;
            }
        }
        int retired = 0;
        for (Entity entity : state.entities().values()) {
            if (!wanted.contains(entity.ref())) {
                events.add(retirement(entity, catalog, now));
                retired++;
            }
        }
        return new Changes(events, declared, retired, widgetsRegistered, widgetsRetired);
    }

    private static int registerWidgets(OpsState state, Inventory inventory,
            List<EventEnvelope> events, Instant now) {
        int registered = 0;
        List<FieldError> apiOwned = new ArrayList<>();
        for (int i = 0; i < inventory.widgets().size(); i++) {
            WidgetSpec spec = inventory.widgets().get(i);
            Optional<Widget> current = state.widget(spec.slug());
            boolean same = current.isPresent() && current.get().kind().equals(spec.kind())
                    && current.get().target().equals(spec.target());
            if (current.isPresent() && !Widget.FROM_INVENTORY.equals(current.get().origin())) {
                // the API registered it: the file may name it as it is, never take it over
                if (!same) {
                    apiOwned.add(FieldError.of("/widgets/" + i + "/slug", "is a widget"
                            + " registered through the API with kind " + current.get().kind()
                            + " and target " + current.get().target(), spec.slug(),
                            "another slug, or the widget's own kind and target"));
                }
                continue;
            }
            if (!same) {
                events.add(WidgetService.registration(spec.slug(), spec.kind(), spec.target(),
                        Widget.FROM_INVENTORY, state.position(), now));
                registered++;
            }
        }
        if (!apiOwned.isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "the inventory would take over"
                    + " widgets registered through the API", apiOwned);
        }
        return registered;
    }

    /** Only widgets the file declared are retired by it; API-registered ones stay. */
    private static int retireWidgets(OpsState state, Inventory inventory,
            List<EventEnvelope> events) {
        Set<String> slugs = new HashSet<>();
        inventory.widgets().forEach(w -> slugs.add(w.slug()));
        int retired = 0;
        for (Widget widget : state.widgets()) {
            if (Widget.FROM_INVENTORY.equals(widget.origin()) && !slugs.contains(widget.slug())) {
                events.add(WidgetService.retirement(widget));
                retired++;
            }
        }
        return retired;
    }

    /** Declarations address the catalog view's widget when the inventory has one. */
    private static String catalogWidget(Inventory inventory) {
        return inventory.widgets().stream()
                .filter(w -> Widget.VIEW.equals(w.kind()) && "catalog".equals(w.target()))
                .map(w -> WidgetService.idOf(w.slug()).toString())
                .findFirst().orElse(SystemEvents.HUB_WIDGET);
    }

    private static boolean same(Entity current, Declaration wanted) {
        return current.attributes().equals(normalized(wanted.attributes()))
                && current.relations().equals(wanted.relations());
    }

    /** The attributes as they read back from the ledger (exact decimals, for instance). */
    private static JsonNode normalized(ObjectNode attributes) {
        try {
            return JsonBodies.STRICT.readTree(attributes.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The id derives from the entity, its content and the state it changes (so the same
     * reconciliation run twice appends once, yet A, then B, then A again declares A anew).
     */
    private static EventEnvelope declaration(Declaration declaration, String widget,
            long basis, Instant now) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("kind", declaration.ref().kind().plural());
        metadata.put("key", declaration.ref().key());
        metadata.set("attributes", declaration.attributes());
        ObjectNode relations = metadata.putObject("relations");
        for (Map.Entry<String, List<EntityRef>> relation : declaration.relations().entrySet()) {
            ArrayNode refs = relations.putArray(relation.getKey());
            relation.getValue().forEach(ref -> refs.add(ref.toString()));
        }
        String seed = declaration.ref() + "|" + basis + "|" + Digests.base64(Digests.sha256(
                metadata.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return SystemEvents.envelope(OpsState.ENTITY_DECLARED, widget, metadata, seed, now);
    }

    private static EventEnvelope retirement(Entity entity, String widget, Instant now) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("kind", entity.ref().kind().plural());
        metadata.put("key", entity.ref().key());
        metadata.put("reason", "removed from the inventory file");
        return SystemEvents.envelope(OpsState.ENTITY_RETIRED, widget, metadata,
                entity.ref() + "|" + entity.declaredAt(), now);
    }
}
