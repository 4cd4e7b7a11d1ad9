package opshub.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
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
        return change(entry, SystemEvents.MANIFEST_ACTIVATED, source);
    }

    public Uni<OpsState.ManifestEntry> retire(String id, String source) {
        OpsState.ManifestEntry entry = require(id);
        if (entry.status() == ManifestStatus.RETIRED) {
            return Uni.createFrom().item(entry);
        }
        return change(entry, SystemEvents.MANIFEST_RETIRED, source);
    }

    private Uni<OpsState.ManifestEntry> change(OpsState.ManifestEntry entry, String type,
            String source) {
        String id = entry.manifest().id();
        ObjectNode metadata = SystemEvents.metadata().put("manifest", id);
        return hub.append(List.of(SystemEvents.envelope(type, SystemEvents.HUB_WIDGET, metadata,
                        id, now())), source)
                .map(receipts -> current(id).orElseThrow());
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
