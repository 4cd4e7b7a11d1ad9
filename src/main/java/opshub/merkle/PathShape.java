package opshub.merkle;

/**
 * How the proof path of the node at {@code index} splits, in a tree whose last node on the same
 * level is {@code last}. Below the level where the two paths meet, every node on the path has a
 * sibling ({@code inner} of them). Above it the path runs along the right border, where a node has
 * a (left) sibling only when it is a right child; the others are promoted unhashed, as RFC 6962
 * does for unbalanced trees ({@code border} of them).
 */
record PathShape(int inner, int border) {

    /** Requires 0 &lt;= index &lt;= last. */
    static PathShape of(long index, long last) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ last);
        int border = Long.bitCount(index >>> inner);
        return new PathShape(inner, border);
    }

    int size() {
        return inner + border;
    }
}
