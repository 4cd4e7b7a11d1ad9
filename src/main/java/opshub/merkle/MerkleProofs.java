package opshub.merkle;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roots and proofs read from a node store in a single batch: each method plans the nodes with
 * {@link ProofPlanner}, calls the {@link NodeReader} at most once (not at all when no node is
 * needed, so the reader never sees an empty set), and assembles the result. Preconditions are
 * those of the {@link ProofPlanner} methods of the same name.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** Returns the root of {@code size} leaves. Requires size &gt;= 0. */
    public static byte[] root(long size, NodeReader reader) {
        ProofPlan plan = ProofPlanner.rootPlan(size);
        return size == 0 ? Rfc6962.emptyRoot() : plan.hashes(read(plan, reader)).get(0);
    }

    /** Returns the inclusion proof of a leaf. Requires 0 &lt;= leafIndex &lt; size. */
    public static List<byte[]> inclusionProof(long leafIndex, long size, NodeReader reader) {
        ProofPlan plan = ProofPlanner.inclusionPlan(leafIndex, size);
        return plan.hashes(read(plan, reader));
    }

    /** Returns the consistency proof between two sizes. Requires 0 &lt;= size1 &lt;= size2. */
    public static List<byte[]> consistencyProof(long size1, long size2, NodeReader reader) {
        ProofPlan plan = ProofPlanner.consistencyPlan(size1, size2);
        return plan.hashes(read(plan, reader));
    }

    private static Map<NodeId, byte[]> read(ProofPlan plan, NodeReader reader) {
        Set<NodeId> ids = plan.nodes();
        return ids.isEmpty() ? Map.of() : reader.read(ids);
    }
}
