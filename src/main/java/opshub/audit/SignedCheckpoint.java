package opshub.audit;

import java.time.Instant;

/** A checkpoint as stored: the tree size, its root, the signed note and when it was signed. */
public record SignedCheckpoint(long treeSize, byte[] root, String note, Instant signedAt) {

    public SignedCheckpoint {
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }
}
