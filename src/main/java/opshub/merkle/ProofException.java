package opshub.merkle;

/**
 * An inclusion or consistency proof did not verify. The message names the check that failed with
 * the value found and the value wanted. Checked, because a proof from an untrusted source failing
 * is an expected outcome that the caller must handle, not a programming error.
 */
public class ProofException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }
}
