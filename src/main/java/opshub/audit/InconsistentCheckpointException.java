package opshub.audit;

import java.util.List;
import java.util.Map;
import opshub.api.ProblemException;
import opshub.api.ProblemType;

/** The tree no longer extends the latest signed checkpoint, so no new one may be signed. */
public final class InconsistentCheckpointException extends ProblemException {

    public InconsistentCheckpointException(long signedSize, long treeSize, String reason) {
        super(ProblemType.CONFLICT, "refusing to sign a checkpoint of tree size " + treeSize
                + ": it is not consistent with the signed checkpoint of tree size " + signedSize
                + " (" + reason + ")", List.of(),
                Map.of("treeSize", treeSize, "signedTreeSize", signedSize));
    }
}
