package opshub.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans roots and proofs over a store that holds only perfect-subtree hashes ({@link NodeId}).
 *
 * <p>Each operation comes in two steps: a {@code ...Nodes} method names the nodes to read, every
 * one a perfect subtree lying wholly inside the requested tree size, and at most about
 * 2 log2(size) + 2 of them; the matching method then assembles the result from a map holding
 * those nodes' hashes. Proofs come out in RFC 6962 order (leaf level first), the order
 * {@link ProofVerifier} and transparency-dev/merkle expect.
 *
 * <p>Conventions: the root of size 0 is {@link Rfc6962#emptyRoot()} and needs no nodes; the
 * consistency proof for size1 == size2 or for size1 == 0 is empty (note that
 * {@link ProofVerifier} rejects size1 == 0, because such a proof proves nothing).
 * Violated preconditions throw {@link IllegalArgumentException}.
 */
public final class ProofPlanner {

    private ProofPlanner() {
    }

    /** Returns the nodes needed for the root of {@code size} leaves. Requires size &gt;= 0. */
    public static Set<NodeId> rootNodes(long size) {
        return rootPlan(size).nodes();
    }

    /** Returns the root of {@code size} leaves. Requires size &gt;= 0. */
    public static byte[] root(long size, Map<NodeId, byte[]> hashes) {
        ProofPlan plan = rootPlan(size);
        return size == 0 ? Rfc6962.emptyRoot() : plan.hashes(hashes).get(0);
    }

    /** Returns the nodes needed to prove inclusion. Requires 0 &lt;= leafIndex &lt; size. */
    public static Set<NodeId> inclusionNodes(long leafIndex, long size) {
        return inclusionPlan(leafIndex, size).nodes();
    }

    /** Returns the inclusion proof of a leaf. Requires 0 &lt;= leafIndex &lt; size. */
    public static List<byte[]> inclusionProof(long leafIndex, long size,
            Map<NodeId, byte[]> hashes) {
        return inclusionPlan(leafIndex, size).hashes(hashes);
    }

    /** Returns the nodes needed to prove consistency. Requires 0 &lt;= size1 &lt;= size2. */
    public static Set<NodeId> consistencyNodes(long size1, long size2) {
        return consistencyPlan(size1, size2).nodes();
    }

    /** Returns the consistency proof between two sizes. Requires 0 &lt;= size1 &lt;= size2. */
    public static List<byte[]> consistencyProof(long size1, long size2,
            Map<NodeId, byte[]> hashes) {
        return consistencyPlan(size1, size2).hashes(hashes);
    }

    static ProofPlan rootPlan(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size out of range: got " + size
                    + ", want size >= 0");
        }

        return size == 0 ? new ProofPlan(List.of()) : new ProofPlan(List.of(coverage(0, size)));
    }

    static ProofPlan inclusionPlan(long leafIndex, long size) {
        if (leafIndex < 0 || leafIndex >= size) {
            throw new IllegalArgumentException("leaf index out of range: got " + leafIndex
                    + ", want 0 <= leafIndex < " + size);
        }

        return new ProofPlan(pathEntries(0, leafIndex, size));
    }

    static ProofPlan consistencyPlan(long size1, long size2) {
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("tree sizes out of order: got size1 " + size1
                    + ", size2 " + size2 + ", want 0 <= size1 <= size2");
        }
        if (size1 == 0 || size1 == size2) {
            return new ProofPlan(List.of());
        }

        // Start from the largest perfect subtree ending at size1; the verifier knows it as the
        // old root when size1 is a power of two, so it is sent only otherwise.
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >> level;
        List<List<NodeId>> entries = new ArrayList<>();
        if (index != 0) {
            entries.add(List.of(new NodeId(level, index)));
        }
        entries.addAll(pathEntries(level, index, size2));
        return new ProofPlan(entries);
    }

    /**
     * Returns the siblings on the path from node (level, index) to the root of the tree of
     * {@code size} leaves, lowest first, split as {@link PathShape} describes.
     */
    private static List<List<NodeId>> pathEntries(int level, long index, long size) {
        PathShape path = PathShape.of(index, (size - 1) >> level);
        List<List<NodeId>> entries = new ArrayList<>(path.size());
        for (int i = 0; i < path.inner(); i++) {
            entries.add(innerSibling(level + i, (index >>> i) ^ 1, size));
        }
        for (int i = path.inner(); (index >>> i) != 0; i++) {
            if (((index >>> i) & 1) == 1) {
                entries.add(List.of(new NodeId(level + i, (index >>> i) - 1)));
            }
        }
        return entries;
    }

    /**
     * Returns the sibling at (level, index), clipped to the tree: the topmost inner sibling may
     * be only partly filled, and is then covered by several smaller perfect subtrees.
     */
    private static List<NodeId> innerSibling(int level, long index, long size) {
        long begin = index << level;
        long width = 1L << level;
        long end = size - begin < width ? size : begin + width;
        return coverage(begin, end);
    }

    /**
     * Returns the maximal perfect subtrees covering leaves [begin, end), left to right.
     * Requires 0 &lt;= begin &lt; end.
     */
    static List<NodeId> coverage(long begin, long end) {
        List<NodeId> nodes = new ArrayList<>();
        for (long pos = begin; pos < end; ) {
            int level = 63 - Long.numberOfLeadingZeros(end - pos);
            if (pos != 0) {
                level = Math.min(level, Long.numberOfTrailingZeros(pos));
            }
            nodes.add(new NodeId(level, pos >> level));
            pos += 1L << level;
        }
        return nodes;
    }
}
