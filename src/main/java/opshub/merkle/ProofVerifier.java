package opshub.merkle;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Verifies RFC 6962 inclusion and consistency proofs (RFC 6962 section 2.1.1 and 2.1.2; the proof
 * layout is the one transparency-dev/merkle produces and checks). Every method either returns a
 * root that the proof commits to or throws {@link ProofException}; nothing is trusted that was not
 * recomputed. Proof hashes are ordered from the leaf level upwards.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /**
     * Checks that the leaf with {@code leafHash} sits at {@code leafIndex} in the tree of
     * {@code treeSize} leaves whose root is {@code root}. Requires 0 &lt;= leafIndex &lt; treeSize.
     */
    public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash,
            List<byte[]> proof, byte[] root) throws ProofException {
        byte[] calculated = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
        requireMatch("root", calculated, root);
    }

    /**
     * Returns the root of the tree of {@code treeSize} leaves implied by the leaf at
     * {@code leafIndex} and its inclusion proof. Requires 0 &lt;= leafIndex &lt; treeSize.
     */
    public static byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash,
            List<byte[]> proof) throws ProofException {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new ProofException("leaf index out of range: got " + leafIndex
                    + ", want 0 <= index < " + treeSize);
        }
        requireHashSize("leaf hash", leafHash);
        requireProofHashes(proof);

        PathShape path = PathShape.of(leafIndex, treeSize - 1);
        requireProofSize(proof, path.size());

        byte[] inner = chainInner(leafHash, proof.subList(0, path.inner()), leafIndex);
        return chainBorder(inner, proof.subList(path.inner(), proof.size()));
    }

    /**
     * Checks that the tree of {@code size2} leaves with {@code root2} extends the tree of
     * {@code size1} leaves with {@code root1}. Requires 0 &lt; size1 &lt;= size2; a proof from
     * the empty tree proves nothing and is rejected.
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof,
            byte[] root1, byte[] root2) throws ProofException {
        byte[] calculated = rootFromConsistencyProof(size1, size2, proof, root1);
        requireMatch("root2", calculated, root2);
    }

    /**
     * Returns the root of the tree of {@code size2} leaves implied by the consistency proof, after
     * checking that the same proof reproduces {@code root1} for the first {@code size1} leaves.
     * Requires 0 &lt; size1 &lt;= size2; the proof is empty exactly when size1 == size2.
     */
    public static byte[] rootFromConsistencyProof(long size1, long size2, List<byte[]> proof,
            byte[] root1) throws ProofException {
        requireSizes(size1, size2);
        Objects.requireNonNull(proof, "proof");
        if (size1 == size2) {
            requireProofSize(proof, 0);
            return root1.clone();
        }
        if (proof.isEmpty()) {
            throw new ProofException("empty consistency proof for sizes " + size1 + " < "
                    + size2 + ": got 0 hashes, want at least 1");
        }
        requireProofHashes(proof);

        return chainConsistency(size1, size2, proof, root1);
    }

    private static byte[] chainConsistency(long size1, long size2, List<byte[]> proof,
            byte[] root1) throws ProofException {
        // The seed is the largest perfect subtree that ends at size1: it is the last node on the
        // old tree's right border and a node of the new tree as well.
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >> level;
        PathShape path = PathShape.of(index, (size2 - 1) >> level);

        // When size1 is a power of two the seed is the old root itself and is not sent.
        int start = index == 0 ? 0 : 1;
        requireProofSize(proof, start + path.size());
        byte[] seed = index == 0 ? root1 : proof.get(0);
        List<byte[]> innerHashes = proof.subList(start, start + path.inner());
        List<byte[]> borderHashes = proof.subList(start + path.inner(), proof.size());

        // In the old tree the seed lies on the right border, so only left siblings count there.
        byte[] old = chainBorder(chainInnerLeftOnly(seed, innerHashes, index), borderHashes);
        requireMatch("root1", old, root1);

        return chainBorder(chainInner(seed, innerHashes, index), borderHashes);
    }

    /** Hashes up the levels where the path has a sibling on either side. */
    private static byte[] chainInner(byte[] seed, List<byte[]> siblings, long index) {
        byte[] hash = seed;
        for (int i = 0; i < siblings.size(); i++) {
            byte[] sibling = siblings.get(i);
            hash = isRightChild(index, i)
                    ? Rfc6962.hashChildren(sibling, hash)
                    : Rfc6962.hashChildren(hash, sibling);
        }
        return hash;
    }

    /** Like chainInner, but ignores right siblings: yields the subtree before they existed. */
    private static byte[] chainInnerLeftOnly(byte[] seed, List<byte[]> siblings, long index) {
        byte[] hash = seed;
        for (int i = 0; i < siblings.size(); i++) {
            if (isRightChild(index, i)) {
                hash = Rfc6962.hashChildren(siblings.get(i), hash);
            }
        }
        return hash;
    }

    /** Hashes up the right border, where every sibling in the proof is a left sibling. */
    private static byte[] chainBorder(byte[] seed, List<byte[]> leftSiblings) {
        byte[] hash = seed;
        for (byte[] sibling : leftSiblings) {
            hash = Rfc6962.hashChildren(sibling, hash);
        }
        return hash;
    }

    private static boolean isRightChild(long index, int levelsUp) {
        return ((index >>> levelsUp) & 1) == 1;
    }

    private static void requireSizes(long size1, long size2) throws ProofException {
        if (size1 < 0 || size1 > size2) {
            throw new ProofException("tree sizes out of order: got size1 " + size1
                    + ", size2 " + size2 + ", want 0 < size1 <= size2");
        }
        if (size1 == 0) {
            throw new ProofException("consistency with the empty tree proves nothing:"
                    + " got size1 0, want 0 < size1 <= size2");
        }
    }

    private static void requireProofSize(List<byte[]> proof, int want) throws ProofException {
        if (proof.size() != want) {
            throw new ProofException("wrong proof size: got " + proof.size()
                    + " hashes, want " + want);
        }
    }

    private static void requireProofHashes(List<byte[]> proof) throws ProofException {
        Objects.requireNonNull(proof, "proof");
        for (int i = 0; i < proof.size(); i++) {
            requireHashSize("proof[" + i + "]", proof.get(i));
        }
    }

    private static void requireHashSize(String what, byte[] hash) throws ProofException {
        int got = hash == null ? 0 : hash.length;
        if (got != Rfc6962.HASH_SIZE) {
            throw new ProofException(what + " has wrong size: got " + got
                    + " bytes, want " + Rfc6962.HASH_SIZE);
        }
    }

    private static void requireMatch(String what, byte[] calculated, byte[] expected)
            throws RootMismatchException {
        Objects.requireNonNull(expected, what);
        if (!MessageDigest.isEqual(calculated, expected)) {
            throw new RootMismatchException(what, calculated, expected);
        }
    }
}
