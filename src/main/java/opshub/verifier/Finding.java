package opshub.verifier;

/**
 * The first thing verification found wrong: its kind, the first position at fault (0 when no
 * position applies, e.g. a bad signature) and a detail with the values found and wanted.
 */
public record Finding(FindingKind kind, long position, String detail) {

    @Override
    public String toString() {
        String where = position > 0 ? "position " + position + ": " : "";
        return where + kind.words() + ": " + detail;
    }
}
