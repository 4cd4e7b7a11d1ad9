package opshub.merkle;

import java.util.List;

/** A well-formed note carries no signature by the key it was checked against. */
public final class MissingSignatureException extends NoteException {

    private static final long serialVersionUID = 1L;

    private final String wantedKey;

    public MissingSignatureException(String wantedKey, List<String> foundKeys) {
        super("no signature by key " + wantedKey + ": got signatures by " + foundKeys
                + ", want one by " + wantedKey);
        this.wantedKey = wantedKey;
    }

    /** Returns the trusted key as "name+hexid". */
    public String wantedKey() {
        return wantedKey;
    }
}
