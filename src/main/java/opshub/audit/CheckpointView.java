package opshub.audit;

import java.util.Base64;

/** A signed checkpoint in the history listing: its size, root (base64), note and time. */
public record CheckpointView(long treeSize, String root, String note, String signedAt) {

    static CheckpointView of(SignedCheckpoint checkpoint) {
        return new CheckpointView(checkpoint.treeSize(),
                Base64.getEncoder().encodeToString(checkpoint.root()), checkpoint.note(),
                checkpoint.signedAt().toString());
    }
}
