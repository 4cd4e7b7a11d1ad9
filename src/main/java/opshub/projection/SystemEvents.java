package opshub.projection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import opshub.intake.EventEnvelope;
import opshub.ledger.Digests;

/**
 * The event types ops-hub itself appends: manifest lifecycle, widget registration, blocking
 * and admission of submissions, readiness gate status changes. They live in the reserved
 * {@code opshub.} namespace, which clients may not use, and need no manifest.
 */
public final class SystemEvents {

    public static final String PREFIX = "opshub.";
    public static final String MANIFEST_REGISTERED = "opshub.manifest-registered";
    public static final String MANIFEST_ACTIVATED = "opshub.manifest-activated";
    public static final String MANIFEST_RETIRED = "opshub.manifest-retired";
    public static final String WIDGET_REGISTERED = "opshub.widget-registered";
    public static final String WIDGET_RETIRED = "opshub.widget-retired";
    public static final String SUBMISSION_BLOCKED = "opshub.submission-blocked";
    public static final String SUBMISSION_ADMITTED = "opshub.submission-admitted";
    public static final String SUBMISSION_REJECTED = "opshub.submission-rejected";
    public static final String GATE_STATUS_CHANGED = "opshub.gate-status-changed";
    /** The widget id of events about ops-hub itself. */
    public static final String HUB_WIDGET = "ops-hub";
    public static final String SOURCE = "ops-hub";

    private SystemEvents() {
    }

    public static boolean isSystemType(String eventType) {
        return eventType.startsWith(PREFIX);
    }

    /** Metadata with the hub's VSM placement, ready for the type's own members. */
    public static ObjectNode metadata() {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("vsmFunction", "OPS");
        metadata.put("vsmSystem", "S1");
        return metadata;
    }

    /**
     * A system event whose id is derived from {@code idSeed}: appending the same fact twice
     * (a retry, or two replicas doing the same work) is then a duplicate, not a second event.
     */
    public static EventEnvelope envelope(String eventType, String widgetId, ObjectNode metadata,
            String idSeed, Instant now) {
        UUID id = derivedId(eventType + "|" + idSeed);
        byte[] contentHash = Digests.sha256((eventType + "|" + widgetId + "|" + metadata)
                .getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope(id, eventType, widgetId, "ops-hub", metadata, now, null,
                contentHash);
    }

    /** The id of the {@link #SUBMISSION_BLOCKED} event that holds a submitted event. */
    public static UUID holdId(UUID submitted) {
        return derivedId(SUBMISSION_BLOCKED + "|" + submitted);
    }

    public static UUID derivedId(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
