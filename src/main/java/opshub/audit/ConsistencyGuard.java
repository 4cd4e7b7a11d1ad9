package opshub.audit;

import java.util.List;
import opshub.merkle.ProofException;
import opshub.merkle.ProofVerifier;

/**
 * Invariant 7, checked before every signature: the tree about to be signed must extend the
 * latest signed checkpoint. The proof and the new root come from the stored nodes; the old root
 * comes from the signed checkpoint, so nodes changed behind the server's back fail the check.
 */
final class ConsistencyGuard {

    private ConsistencyGuard() {
    }

    /**
     * Throws unless the tree of {@code treeSize} leaves with {@code root} extends
     * {@code signed}, as shown by the consistency {@code proof} between the two sizes.
     */
    static void requireExtends(SignedCheckpoint signed, long treeSize, byte[] root,
            List<byte[]> proof) {
        long signedSize = signed.treeSize();
        if (treeSize < signedSize) {
            throw new InconsistentCheckpointException(signedSize, treeSize,
                    "got " + treeSize + " leaves, want at least " + signedSize);
        }
        if (signedSize == 0) {
            // every tree extends the empty one; there is nothing to prove
            return;
        }

        try {
            ProofVerifier.verifyConsistency(signedSize, treeSize, proof, signed.root(), root);
        } catch (ProofException e) {
            throw new InconsistentCheckpointException(signedSize, treeSize, e.getMessage());
        }
    }
}
