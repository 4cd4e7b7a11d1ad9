package opshub.verifier;

/** Ends a verification early with its first finding. */
final class FindingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Finding finding;

    FindingException(FindingKind kind, long position, String detail) {
        super(detail);
        this.finding = new Finding(kind, position, detail);
    }

    Finding finding() {
        return finding;
    }
}
