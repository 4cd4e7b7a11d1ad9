package opshub.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** An evidence event about an entity, as far as projections need it. */
public record Evidence(long position, UUID id, String eventType, Instant observedAt,
        Instant recordedAt, ObjectNode metadata) {

    /**
     * When the evidence counts from: its observation, but never later than its recording, so
     * a probe whose clock runs ahead (within the accepted skew) cannot make its evidence
     * outrank, or look younger than, what is recorded after it.
     */
    public Instant effectiveAt() {
        return observedAt.isAfter(recordedAt) ? recordedAt : observedAt;
    }

    /** Later observation wins (see {@link #effectiveAt}); the ledger position breaks ties. */
    public boolean isNewerThan(Evidence other) {
        int byTime = effectiveAt().compareTo(other.effectiveAt());
        return byTime != 0 ? byTime > 0 : position > other.position;
    }
}
