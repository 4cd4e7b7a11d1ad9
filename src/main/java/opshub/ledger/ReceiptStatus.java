package opshub.ledger;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one submitted event. */
public enum ReceiptStatus {
    /** Appended now, at the receipt's position. */
    RECORDED,
    /** The same id with the same content was recorded before; this is its original receipt. */
    DUPLICATE,
    /** Held until its event type is registered by an active manifest and its widget exists. */
    BLOCKED;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
