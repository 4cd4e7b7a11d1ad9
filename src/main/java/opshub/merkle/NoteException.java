package opshub.merkle;

/**
 * A signed note was not accepted. The subtype says why: {@link MalformedNoteException} (bad
 * structure, with the line at fault), {@link MissingSignatureException} (no signature by the
 * trusted key) or {@link BadSignatureException} (a signature by that key does not verify).
 */
public abstract sealed class NoteException extends Exception
        permits MalformedNoteException, MissingSignatureException, BadSignatureException {

    private static final long serialVersionUID = 1L;

    NoteException(String message) {
        super(message);
    }
}
