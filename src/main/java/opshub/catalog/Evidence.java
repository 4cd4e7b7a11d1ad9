package opshub.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** An evidence event about an entity, as far as projections need it. */
public record Evidence(long position, UUID id, String eventType, Instant observedAt,
        Instant recordedAt, ObjectNode metadata) {

    /** Later observation wins; the ledger position breaks ties. */
    public boolean isNewerThan(Evidence other) {
        int byTime = observedAt.compareTo(other.observedAt);
        return byTime != 0 ? byTime > 0 : position > other.position;
    }
}
