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
 * Inclusion and consistency proofs for any tree size up to the ledger head. Each proof is two
 * statements: the head (to check the arguments) and the nodes it needs, read in one batch.
 */
@ApplicationScoped
public class LedgerProofs {

    private final Pool pool;

    public LedgerProofs(Pool pool) {
        this.pool = pool;
    }

    /** Requires 1 &lt;= position &lt;= treeSize &lt;= head, else 422. */
    public Uni<InclusionProof> inclusion(long position, long treeSize) {
        return head().chain(head -> {
            requireWithin("treeSize", treeSize, 1, head);
            requireWithin("position", position, 1, treeSize);

            long leafIndex = position - 1;
            Set<NodeId> ids = new LinkedHashSet<>(ProofPlanner.inclusionNodes(leafIndex,
                    treeSize));
            ids.add(NodeId.leaf(leafIndex));
            return NodeStore.read(pool, ids).map(found -> new InclusionProof(position,
                    leafIndex, treeSize, base64(found.get(NodeId.leaf(leafIndex))),
                    base64(ProofPlanner.inclusionProof(leafIndex, treeSize, found))));
        });
    }

    /** Requires 1 &lt;= from &lt;= to &lt;= head, else 422. */
    public Uni<ConsistencyProof> consistency(long from, long to) {
        return head().chain(head -> {
            requireWithin("to", to, 1, head);
            requireWithin("from", from, 1, to);

            return NodeStore.read(pool, ProofPlanner.consistencyNodes(from, to))
                    .map(found -> new ConsistencyProof(from, to,
                            base64(ProofPlanner.consistencyProof(from, to, found))));
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
