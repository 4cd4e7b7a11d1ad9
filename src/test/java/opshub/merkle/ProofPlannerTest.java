package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Property tests: proofs planned over stored perfect subtrees verify against roots from the
 * naive reference tree, for every tree up to {@link #MAX_SIZE} leaves, and stop verifying as
 * soon as any bit of them changes.
 */
class ProofPlannerTest {

    private static final int MAX_SIZE = 200;
    /** Up to this size every bit of every proof is flipped; beyond it one random bit a hash. */
    private static final int EXHAUSTIVE_FLIP_SIZE = 12;

    private static List<byte[]> leaves;
    private static Map<NodeId, byte[]> nodes;
    private static byte[][] roots;

    @BeforeAll
    static void buildReferenceTree() {
        leaves = NaiveTree.leafHashes(MAX_SIZE);
        nodes = NaiveTree.perfectNodes(leaves, MAX_SIZE);
        roots = new byte[MAX_SIZE + 1][];
        for (int size = 0; size <= MAX_SIZE; size++) {
            roots[size] = NaiveTree.root(leaves, size);
        }
    }

    @Test
    void plannedRootEqualsNaiveRootForEverySize() {
        for (int size = 0; size <= MAX_SIZE; size++) {
            assertArrayEquals(roots[size], ProofPlanner.root(size, nodes), "size " + size);
        }
    }

    @Test
    void everyInclusionProofVerifiesAgainstNaiveRoot() throws ProofException {
        for (int size = 1; size <= MAX_SIZE; size++) {
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = ProofPlanner.inclusionProof(index, size, nodes);

                ProofVerifier.verifyInclusion(index, size, leaves.get(index), proof, roots[size]);
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAgainstNaiveRoots() throws ProofException {
        for (int size2 = 1; size2 <= MAX_SIZE; size2++) {
            for (int size1 = 1; size1 <= size2; size1++) {
                List<byte[]> proof = ProofPlanner.consistencyProof(size1, size2, nodes);

                ProofVerifier.verifyConsistency(size1, size2, proof, roots[size1], roots[size2]);
            }
        }
    }

    @Test
    void flippingAnyBitOfAnInclusionProofBreaksIt() {
        Random random = new Random(6962);
        for (int size = 2; size <= MAX_SIZE; size++) {
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = ProofPlanner.inclusionProof(index, size, nodes);
                int leaf = index;
                int treeSize = size;
                boolean exhaustive = size <= EXHAUSTIVE_FLIP_SIZE;
                forEachFlip(proof, exhaustive, random, flipped -> ProofVerifier.verifyInclusion(
                        leaf, treeSize, leaves.get(leaf), flipped, roots[treeSize]));
            }
        }
    }

    @Test
    void flippingAnyBitOfAConsistencyProofBreaksIt() {
        Random random = new Random(6962);
        for (int size2 = 2; size2 <= MAX_SIZE; size2++) {
            for (int size1 = 1; size1 < size2; size1++) {
                List<byte[]> proof = ProofPlanner.consistencyProof(size1, size2, nodes);
                int m = size1;
                int n = size2;
                boolean exhaustive = size2 <= EXHAUSTIVE_FLIP_SIZE;
                forEachFlip(proof, exhaustive, random, flipped -> ProofVerifier.verifyConsistency(
                        m, n, flipped, roots[m], roots[n]));
            }
        }
    }

    @Test
    void interiorNodeOfferedAsLeafNeverVerifies() throws ProofException {
        for (int size = 2; size <= MAX_SIZE; size += 2) {
            for (int j = 0; j < size / 2; j++) {
                // Seen from level 1, an even-sized tree is a tree of size / 2 "leaves", and the
                // proof of leaf 2j without its first hash is the proof of node (1, j) there.
                List<byte[]> full = ProofPlanner.inclusionProof(2L * j, size, nodes);
                List<byte[]> upper = full.subList(1, full.size());
                byte[] nodeHash = nodes.get(new NodeId(1, j));
                ProofVerifier.verifyInclusion(j, size / 2, nodeHash, upper, roots[size]);

                // Second preimage: the node's children, concatenated, offered as leaf data.
                byte[] forged = Rfc6962.hashLeaf(concat(leaves.get(2 * j), leaves.get(2 * j + 1)));
                int half = size / 2;
                int index = j;
                int treeSize = size;
                assertThrows(RootMismatchException.class, () -> ProofVerifier.verifyInclusion(
                        index, half, forged, upper, roots[treeSize]));
            }
        }
    }

    @Test
    void plannedNodesArePerfectSubtreesInsideTheTree() {
        for (int size = 0; size <= MAX_SIZE; size++) {
            assertInside(ProofPlanner.rootNodes(size), size);
            for (int index = 0; index < size; index++) {
                assertInside(ProofPlanner.inclusionNodes(index, size), size);
            }
            for (int size1 = 0; size1 <= size; size1++) {
                assertInside(ProofPlanner.consistencyNodes(size1, size), size);
            }
        }
    }

    @Test
    void plannedNodeCountIsLogarithmic() {
        long[] sizes = {1, 2, 3, 7, 8, 9, 200, 1L << 20, (1L << 20) + 1, 1_000_000_007L,
            (1L << 40) - 1, Long.MAX_VALUE};
        for (long size : sizes) {
            int bound = 2 * (64 - Long.numberOfLeadingZeros(size)) + 2;
            for (long probe : probes(size)) {
                assertTrue(ProofPlanner.inclusionNodes(probe, size).size() <= bound);
                assertTrue(ProofPlanner.consistencyNodes(probe + 1, size).size() <= bound);
            }
            assertTrue(ProofPlanner.rootNodes(size).size() <= bound);
        }
    }

    @Test
    void proofsForHugeTreesVerify() throws ProofException {
        // A tree whose leaves are all equal has one hash per level, so trees of up to
        // Long.MAX_VALUE leaves can be stored; ordering mistakes between nodes of the same
        // level go unseen here, the exhaustive small-tree tests above catch those.
        long[] sizes = {(1L << 40) - 1, 1L << 40, (1L << 62) + 1, Long.MAX_VALUE};
        for (long size : sizes) {
            byte[] root = ProofPlanner.root(size, uniform(ProofPlanner.rootNodes(size)));
            for (long probe : probes(size)) {
                Set<NodeId> ids = ProofPlanner.inclusionNodes(probe, size);
                List<byte[]> proof = ProofPlanner.inclusionProof(probe, size, uniform(ids));
                ProofVerifier.verifyInclusion(probe, size, UNIFORM[0], proof, root);

                long size1 = probe + 1;
                byte[] root1 = ProofPlanner.root(size1, uniform(ProofPlanner.rootNodes(size1)));
                ids = ProofPlanner.consistencyNodes(size1, size);
                proof = ProofPlanner.consistencyProof(size1, size, uniform(ids));
                ProofVerifier.verifyConsistency(size1, size, proof, root1, root);
            }
        }
    }

    @Test
    void lastLeafOfOddTreeNeedsOnlyTheLeftSubtree() {
        long odd = (1L << 62) + 1;

        assertEquals(Set.of(new NodeId(62, 0)), ProofPlanner.inclusionNodes(odd - 1, odd));
    }

    @Test
    void consistencyProofFromEmptyOrSameSizeIsEmpty() {
        assertEquals(List.of(), ProofPlanner.consistencyProof(0, 7, nodes));
        assertEquals(List.of(), ProofPlanner.consistencyProof(7, 7, nodes));
        assertEquals(Set.of(), ProofPlanner.consistencyNodes(0, 0));
    }

    @Test
    void rootOfEmptyTreeNeedsNoNodes() {
        assertEquals(Set.of(), ProofPlanner.rootNodes(0));
        assertArrayEquals(Rfc6962.emptyRoot(), ProofPlanner.root(0, Map.of()));
    }

    @ParameterizedTest
    @CsvSource({
        "5, 5, 'leaf index out of range: got 5, want 0 <= leafIndex < 5'",
        "-1, 5, 'leaf index out of range: got -1, want 0 <= leafIndex < 5'",
        "0, 0, 'leaf index out of range: got 0, want 0 <= leafIndex < 0'"})
    void inclusionRejectsLeafOutsideTree(long index, long size, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofPlanner.inclusionNodes(index, size));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "6, 5, 'tree sizes out of order: got size1 6, size2 5, want 0 <= size1 <= size2'",
        "-1, 5, 'tree sizes out of order: got size1 -1, size2 5, want 0 <= size1 <= size2'"})
    void consistencyRejectsShrinkingTree(long size1, long size2, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofPlanner.consistencyNodes(size1, size2));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rootRejectsNegativeSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofPlanner.rootNodes(-3));
        assertEquals("tree size out of range: got -3, want size >= 0", e.getMessage());
    }

    @Test
    void assemblyRejectsMissingNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofPlanner.inclusionProof(3, 8, Map.of()));
        assertTrue(e.getMessage().startsWith("no hash supplied for NodeId(level=0, index=2)"),
                e.getMessage());
    }

    @Test
    void assemblyRejectsHashOfWrongLength() {
        Map<NodeId, byte[]> bad = Map.of(new NodeId(2, 0), new byte[31]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofPlanner.root(4, bad));
        assertEquals("hash of NodeId(level=2, index=0) has wrong size: got 31 bytes, want 32",
                e.getMessage());
    }

    /** A verification that must fail for a corrupted proof. */
    private interface Check {
        void verify(List<byte[]> proof) throws ProofException;
    }

    /** Flips every bit of every proof hash when {@code exhaustive}, else one random bit each. */
    private static void forEachFlip(List<byte[]> proof, boolean exhaustive, Random random,
            Check check) {
        for (int i = 0; i < proof.size(); i++) {
            if (exhaustive) {
                for (int bit = 0; bit < 256; bit++) {
                    assertFlipFails(proof, i, bit, check);
                }
            } else {
                assertFlipFails(proof, i, random.nextInt(256), check);
            }
        }
    }

    private static void assertFlipFails(List<byte[]> proof, int i, int bit, Check check) {
        List<byte[]> flipped = new ArrayList<>(proof);
        byte[] hash = proof.get(i).clone();
        hash[bit / 8] ^= (byte) (1 << (bit % 8));
        flipped.set(i, hash);
        assertThrows(ProofException.class, () -> check.verify(flipped),
                () -> "flipped bit " + bit + " of proof[" + i + "]");
    }

    private static void assertInside(Set<NodeId> ids, long size) {
        for (NodeId id : ids) {
            assertTrue(id.endLeaf() <= size, id + " reaches past size " + size);
        }
    }

    private static byte[] concat(byte[] left, byte[] right) {
        byte[] both = Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, both, left.length, right.length);
        return both;
    }

    private static final byte[][] UNIFORM = uniformLevels();

    private static byte[][] uniformLevels() {
        byte[][] levels = new byte[NodeId.MAX_LEVEL + 1][];
        levels[0] = Rfc6962.hashLeaf(new byte[] {7});
        for (int level = 1; level < levels.length; level++) {
            levels[level] = Rfc6962.hashChildren(levels[level - 1], levels[level - 1]);
        }
        return levels;
    }

    private static Map<NodeId, byte[]> uniform(Set<NodeId> ids) {
        Map<NodeId, byte[]> hashes = new HashMap<>();
        ids.forEach(id -> hashes.put(id, UNIFORM[id.level()]));
        return hashes;
    }

    private static long[] probes(long size) {
        return new long[] {0, size / 3, size / 2, size - 2 < 0 ? 0 : size - 2, size - 1};
    }
}
