package opshub.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One validated evidence event as a client submitted it, before the ledger records it.
 *
 * @param id the client's idempotency key, or a generated one when the client gave none
 * @param observedAt the probe's clock, or the intake time when the client gave none
 * @param expectedVersion number of events the client expects the widget to have; null: any
 * @param contentHash SHA-256 of the canonical form of what the client sent (without id and
 *     expectedVersion), which tells a retry from a reuse of the same id for other content
 */
public record EventEnvelope(UUID id, String eventType, String widgetId, String viewContext,
        ObjectNode metadata, Instant observedAt, Long expectedVersion, byte[] contentHash) {
}
