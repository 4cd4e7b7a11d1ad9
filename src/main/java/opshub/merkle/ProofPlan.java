package opshub.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A root or proof expressed as stored nodes: each entry is one output hash, the RFC 6962 hash of
 * a range of leaves, given as the perfect subtrees that cover that range from left to right.
 */
record ProofPlan(List<List<NodeId>> entries) {

    ProofPlan {
        entries = List.copyOf(entries);
    }

    /** Returns every node the plan reads, in first-use order. */
    Set<NodeId> nodes() {
        Set<NodeId> nodes = new LinkedHashSet<>();
        entries.forEach(nodes::addAll);
        return Collections.unmodifiableSet(nodes);
    }

    /** Returns one hash per entry, read from {@code hashes}, which must hold every node. */
    List<byte[]> hashes(Map<NodeId, byte[]> hashes) {
        List<byte[]> result = new ArrayList<>(entries.size());
        for (List<NodeId> entry : entries) {
            result.add(fold(entry, hashes));
        }
        return result;
    }

    /**
     * Hashes the range covered by {@code nodes}. They come in decreasing size, so the RFC 6962
     * split of the range always falls right after the first node: combine from the right.
     */
    private static byte[] fold(List<NodeId> nodes, Map<NodeId, byte[]> hashes) {
        int last = nodes.size() - 1;
        byte[] hash = lookup(nodes.get(last), hashes);
        for (int i = last - 1; i >= 0; i--) {
            hash = Rfc6962.hashChildren(lookup(nodes.get(i), hashes), hash);
        }
        return hash;
    }

    /** Returns the 32-byte hash of {@code id} from {@code hashes}, which must hold it. */
    static byte[] lookup(NodeId id, Map<NodeId, byte[]> hashes) {
        byte[] hash = hashes.get(id);
        if (hash == null) {
            throw new IllegalArgumentException("no hash supplied for " + id
                    + ": got " + hashes.size() + " hashes, want one for every planned node");
        }

        return Hashes.requireHash(hash, "hash of " + id);
    }
}
