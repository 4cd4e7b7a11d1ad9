package opshub.merkle;

/** A note or checkpoint breaks the signed-note or tlog-checkpoint format at a given line. */
public final class MalformedNoteException extends NoteException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public MalformedNoteException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** Returns the 1-based number of the offending line. */
    public int line() {
        return line;
    }
}
