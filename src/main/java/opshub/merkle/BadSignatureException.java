package opshub.merkle;

/** A signature made, by its name and key id, with the trusted key does not verify. */
public final class BadSignatureException extends NoteException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public BadSignatureException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** Returns the 1-based number of the signature line. */
    public int line() {
        return line;
    }
}
