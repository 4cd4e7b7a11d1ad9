package opshub.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a submitter gets back. For a recorded or duplicate event, proof of acknowledgement:
 * the event is durable at {@code position}. For a blocked one, {@code position} is where the
 * hold was recorded and {@code reasons} says what is missing.
 */
public record Receipt(UUID id, long position, Instant recordedAt, byte[] leafHash,
        ReceiptStatus status, List<String> reasons) {

    public Receipt(UUID id, long position, Instant recordedAt, byte[] leafHash,
            ReceiptStatus status) {
        this(id, position, recordedAt, leafHash, status, List.of());
    }

    /** The receipt of a hold, reported as the held submission's. */
    public Receipt asBlocked(UUID submissionId, List<String> why) {
        return new Receipt(submissionId, position, recordedAt, leafHash, ReceiptStatus.BLOCKED,
                why);
    }
}
