package opshub.merkle;

/** The root recomputed from a well-formed proof differs from the root it was checked against. */
public final class RootMismatchException extends ProofException {

    private static final long serialVersionUID = 1L;

    private final byte[] calculatedRoot;
    private final byte[] expectedRoot;

    public RootMismatchException(String what, byte[] calculatedRoot, byte[] expectedRoot) {
        super(what + " mismatch: got " + Hashes.hex(calculatedRoot)
                + ", want " + Hashes.hex(expectedRoot));
        this.calculatedRoot = calculatedRoot.clone();
        this.expectedRoot = expectedRoot.clone();
    }

    /** Returns the root recomputed from the proof. */
    public byte[] calculatedRoot() {
        return calculatedRoot.clone();
    }

    /** Returns the root the caller expected. */
    public byte[] expectedRoot() {
        return expectedRoot.clone();
    }
}
