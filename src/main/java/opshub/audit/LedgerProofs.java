package opshub.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.merkle.NodeId;
import opshub.merkle.ProofPlanner;

/**
 * Inclusion and consistency proofs for any tree size up to the ledger head. Each proof is one
 * statement: the nodes it needs and, in the same snapshot, the head that the tree size is
 * checked against (a node beyond the head is simply not found, and the proof is refused).
 */
@ApplicationScoped
public class LedgerProofs {

    private final Pool pool;

    public LedgerProofs(Pool pool) {
        this.pool = pool;
    }

    /** Requires 1 &lt;= position &lt;= treeSize &lt;= head, else 422. */
    public Uni<InclusionProof> inclusion(long position, long treeSize) {
        if (treeSize < 1 || position < 1 || position > treeSize) {
            // answered with the head, so that the error names the argument it always named
            return head().map(head -> {
                requireWithin("treeSize", treeSize, 1, head);
                requireWithin("position", position, 1, treeSize);
                throw new IllegalStateException("unreachable: arguments out of range");
            });
        }

        long leafIndex = position - 1;
        Set<NodeId> ids = new LinkedHashSet<>(ProofPlanner.inclusionNodes(leafIndex, treeSize));
        ids.add(NodeId.leaf(leafIndex));
        return NodeStore.readWithHead(pool, ids).map(read -> {
            requireWithin("treeSize", treeSize, 1, read.head());
            return new InclusionProof(position, leafIndex, treeSize,
                    base64(read.nodes().get(NodeId.leaf(leafIndex))),
                    base64(ProofPlanner.inclusionProof(leafIndex, treeSize, read.nodes())));
        });
    }

    /** Requires 1 &lt;= from &lt;= to &lt;= head, else 422. */
    public Uni<ConsistencyProof> consistency(long from, long to) {
        if (to < 1 || from < 1 || from > to) {
            return head().map(head -> {
                requireWithin("to", to, 1, head);
                requireWithin("from", from, 1, to);
                throw new IllegalStateException("unreachable: arguments out of range");
            });
        }

        return NodeStore.readWithHead(pool, ProofPlanner.consistencyNodes(from, to))
                .map(read -> {
                    requireWithin("to", to, 1, read.head());
                    return new ConsistencyProof(from, to,
                            base64(ProofPlanner.consistencyProof(from, to, read.nodes())));
                });
    }

    private Uni<Long> head() {
        return pool.query("SELECT coalesce(max(position), 0) FROM evidence_event").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static void requireWithin(String parameter, long value, long min, long max) {
        if (max < min) {
            throw ProblemException.invalid(FieldError.parameter(parameter,
                    "the ledger is empty, so no proof exists", value, "an event first"));
        }
        if (value < min || value > max) {
            throw ProblemException.invalid(FieldError.parameter(parameter,
                    "must be from " + min + " to " + max, value, min + ".." + max));
        }
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(LedgerProofs::base64).toList();
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
