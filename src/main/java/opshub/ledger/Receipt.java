package opshub.ledger;

import java.time.Instant;
import java.util.UUID;

/** Proof of acknowledgement: the event is durable at {@code position}. */
public record Receipt(UUID id, long position, Instant recordedAt, byte[] leafHash,
        ReceiptStatus status) {

    public Receipt asDuplicate() {
        return new Receipt(id, position, recordedAt, leafHash, ReceiptStatus.DUPLICATE);
    }
}
