package opshub.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
import opshub.intake.EventEnvelope;
import opshub.projection.HubEvents;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;

/**
 * Registers manifests and moves them through their states, each change a ledger event.
 * Registering the same document again is a no-op; another document under the same name and
 * version is a conflict. A retired manifest stays retired: register a new version instead.
 */
@ApplicationScoped
public class ManifestService {

    private final HubEvents hub;
    private final ProjectionEngine projections;

    ManifestService(HubEvents hub, ProjectionEngine projections) {
        this.hub = hub;
        this.projections = projections;
    }

    public Uni<OpsState.ManifestEntry> register(Manifest manifest, String source) {
        Optional<OpsState.ManifestEntry> existing = current(manifest.id());
        if (existing.isPresent()) {
            if (!existing.get().manifest().document().equals(manifest.document())) {
                throw new ProblemException(ProblemType.CONFLICT, "manifest " + manifest.id()
                        + " is registered with other content; register a new version");
            }
            return Uni.createFrom().item(existing.get());
        }
        ObjectNode metadata = SystemEvents.metadata();
        metadata.set("manifest", manifest.document());
        return hub.append(List.of(SystemEvents.envelope(SystemEvents.MANIFEST_REGISTERED,
                        SystemEvents.HUB_WIDGET, metadata, manifest.id(), now())), source)
                .map(receipts -> current(manifest.id()).orElseThrow());
    }

    public Uni<OpsState.ManifestEntry> activate(String id, String source) {
        OpsState.ManifestEntry entry = require(id);
        if (entry.status() == ManifestStatus.ACTIVE) {
            return Uni.createFrom().item(entry);
        }
        if (entry.status() == ManifestStatus.RETIRED) {
            throw new ProblemException(ProblemType.CONFLICT, "manifest " + id
                    + " is retired and cannot be activated again; register a new version");
        }
        List<FieldError> clashes = projections.read(state -> clashes(state, entry.manifest()));
        if (!clashes.isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "manifest " + id + " defines event"
                    + " types another active manifest defines; retire that one first", clashes);
        }
        // a version activated supersedes the other active versions of its name, in the same
        // append: one version of a manifest is in force, the one activated last
        List<String> superseded = projections.read(state -> state.manifests().stream()
                .filter(m -> m.status() == ManifestStatus.ACTIVE)
                .map(OpsState.ManifestEntry::manifest)
                .filter(m -> m.name().equals(entry.manifest().name()) && !m.id().equals(id))
                .map(Manifest::id).toList());
        List<EventEnvelope> events = new ArrayList<>();
        events.add(changeEvent(id, SystemEvents.MANIFEST_ACTIVATED));
        superseded.forEach(older -> events.add(changeEvent(older, SystemEvents.MANIFEST_RETIRED)));
        return hub.append(events, source).map(receipts -> current(id).orElseThrow());
    }

    /**
     * Types the manifest defines that an active manifest of another name defines too. A new
     * version of the same manifest takes its types over; another manifest may not, or an
     * evidence type could change its schema, targets and health effect unnoticed.
     */
    static List<FieldError> clashes(OpsState state, Manifest manifest) {
        List<FieldError> clashes = new ArrayList<>();
        for (int i = 0; i < manifest.eventTypes().size(); i++) {
            String type = manifest.eventTypes().get(i).name();
            EventTypeDef active = state.activeTypes().get(type);
            if (active != null && !nameOf(active.manifest()).equals(manifest.name())) {
                clashes.add(FieldError.of("/eventTypes/" + i + "/name", "is defined by the"
                        + " active manifest " + active.manifest(), type,
                        "a type no other active manifest defines"));
            }
        }
        return clashes;
    }

    /**
     * The types the inventory is declared with must stay active: retiring the last manifest
     * that defines them would leave every inventory load and entity change held.
     */
    static List<String> stranded(OpsState state, Manifest retiring) {
        List<String> stranded = new ArrayList<>();
        for (String type : List.of(OpsState.ENTITY_DECLARED, OpsState.ENTITY_RETIRED)) {
            boolean definedHere = retiring.eventTypes().stream().anyMatch(t -> t.name().equals(type));
            boolean definedElsewhere = state.manifests().stream()
                    .filter(m -> m.status() == ManifestStatus.ACTIVE)
                    .filter(m -> !m.manifest().id().equals(retiring.id()))
                    .anyMatch(m -> m.manifest().eventTypes().stream()
                            .anyMatch(t -> t.name().equals(type)));
            if (definedHere && !definedElsewhere) {
                stranded.add(type);
            }
        }
        return stranded;
    }

    private static String nameOf(String manifestId) {
        int at = manifestId.lastIndexOf('@');
        return at < 0 ? manifestId : manifestId.substring(0, at);
    }

    public Uni<OpsState.ManifestEntry> retire(String id, String source) {
        OpsState.ManifestEntry entry = require(id);
        if (entry.status() == ManifestStatus.RETIRED) {
            return Uni.createFrom().item(entry);
        }
        List<String> stranded = entry.status() == ManifestStatus.ACTIVE
                ? projections.read(state -> stranded(state, entry.manifest())) : List.of();
        if (!stranded.isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "retiring " + id + " would leave "
                    + String.join(" and ", stranded) + ", which the inventory needs, without an"
                    + " active manifest; activate a new version that defines them first");
        }
        return change(entry, SystemEvents.MANIFEST_RETIRED, source);
    }

    private Uni<OpsState.ManifestEntry> change(OpsState.ManifestEntry entry, String type,
            String source) {
        String id = entry.manifest().id();
        return hub.append(List.of(changeEvent(id, type)), source)
                .map(receipts -> current(id).orElseThrow());
    }

    private static EventEnvelope changeEvent(String id, String type) {
        ObjectNode metadata = SystemEvents.metadata().put("manifest", id);
        return SystemEvents.envelope(type, SystemEvents.HUB_WIDGET, metadata, id, now());
    }

    private OpsState.ManifestEntry require(String id) {
        return current(id).orElseThrow(() -> ProblemException.notFound("manifest " + id));
    }

    private Optional<OpsState.ManifestEntry> current(String id) {
        return projections.read(state -> state.manifest(id));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
