package opshub.merkle;

/**
 * Names a perfect subtree of the log: the root of leaves [index * 2^level, (index + 1) * 2^level).
 * Level 0 nodes are leaf hashes. Such a node's hash never changes once the log has grown past
 * its last leaf, which is why the server stores exactly these nodes.
 *
 * <p>Invariant: 0 &lt;= level &lt;= 62, index &gt;= 0, and the covered range lies within
 * non-negative {@code long} leaf positions.
 */
public record NodeId(int level, long index) {

    /** Highest level a node of a tree with at most Long.MAX_VALUE leaves can have. */
    public static final int MAX_LEVEL = 62;

    public NodeId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException(
                    "node level out of range: got " + level + ", want 0.." + MAX_LEVEL);
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException("node index out of range at level " + level
                    + ": got " + index + ", want 0.." + ((Long.MAX_VALUE >> level) - 1));
        }
    }

    /** Returns the leaf node at {@code leafIndex}. */
    public static NodeId leaf(long leafIndex) {
        return new NodeId(0, leafIndex);
    }

    /** Returns the index of the first leaf this node covers. */
    public long firstLeaf() {
        return index << level;
    }

    /** Returns the number of leaves this node covers, 2^level. */
    public long leafCount() {
        return 1L << level;
    }

    /** Returns the index one past the last leaf this node covers. */
    public long endLeaf() {
        return firstLeaf() + leafCount();
    }

    /** Returns the node with the same parent. */
    public NodeId sibling() {
        return new NodeId(level, index ^ 1);
    }

    /** Returns the node one level up that covers this one. Requires level &lt; 62. */
    public NodeId parent() {
        return new NodeId(level + 1, index >> 1);
    }

    @Override
    public String toString() {
        return "NodeId(level=" + level + ", index=" + index + ")";
    }
}
