package opshub.ledger;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one submitted event. */
public enum ReceiptStatus {
    /** Appended now, at the receipt's position. */
    RECORDED,
    /** The same id with the same content was recorded before; this is its original receipt. */
    DUPLICATE;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
