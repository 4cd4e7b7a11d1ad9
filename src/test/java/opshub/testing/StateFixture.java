package opshub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import opshub.projection.AppliedEvent;
import opshub.projection.OpsState;
import opshub.projection.SystemEvents;

/**
 * An {@link OpsState} built by hand for unit tests: the shipped manifest active, then events
 * at positions 1, 2, 3, ..., the n-th recorded at {@code T0 + n} seconds.
 */
public final class StateFixture {

    public static final Instant T0 = Instant.parse("2026-05-16T10:00:00Z");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final OpsState state = new OpsState();
    private long position;

    private StateFixture() {
    }

    /** A state with {@code deploy/manifests/ops-core.yaml} registered and active. */
    public static StateFixture withShippedManifest() {
        StateFixture fixture = new StateFixture();
        ObjectNode manifest = (ObjectNode) yaml(Path.of("deploy/manifests/ops-core.yaml"));
        fixture.apply(SystemEvents.MANIFEST_REGISTERED, meta().set("manifest", manifest));
        fixture.apply(SystemEvents.MANIFEST_ACTIVATED, meta().put("manifest",
                "ops-core@" + manifest.get("version").asText()));
        return fixture;
    }

    public OpsState state() {
        return state;
    }

    /** The position the next event will have. */
    public long nextPosition() {
        return position + 1;
    }

    /** The next event, observed when it is recorded; not applied yet. */
    public AppliedEvent next(String type, ObjectNode metadata) {
        return next(type, "w", metadata, null);
    }

    /** The next event; {@code observedAt} null means when it is recorded. */
    public AppliedEvent next(String type, String widget, ObjectNode metadata,
            Instant observedAt) {
        position++;
        Instant recordedAt = T0.plusSeconds(position);
        return new AppliedEvent(position, UUID.randomUUID(), type, widget, metadata,
                observedAt == null ? recordedAt : observedAt, recordedAt, "test");
    }

    public AppliedEvent apply(String type, ObjectNode metadata) {
        AppliedEvent event = next(type, metadata);
        state.apply(event);
        return event;
    }

    /** An {@code ops-entity-declared} with attributes and relations in YAML flow syntax. */
    public static ObjectNode declaration(String kind, String key, String attributes,
            String relations) {
        ObjectNode metadata = meta().put("kind", kind).put("key", key);
        metadata.set("attributes", yaml(attributes));
        metadata.set("relations", yaml(relations));
        return metadata;
    }

    /** Metadata with the placement every event carries. */
    public static ObjectNode meta() {
        return SystemEvents.metadata();
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
