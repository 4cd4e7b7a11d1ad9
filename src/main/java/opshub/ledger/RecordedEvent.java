package opshub.ledger;

/** An event as the ledger holds it: its position, exact recorded bytes and leaf hash. */
public record RecordedEvent(long position, byte[] record, byte[] leafHash) {
}
