package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error paths of the verifier: each failure names what was found and what was wanted. */
class ProofVerifierTest {

    private static final List<byte[]> LEAVES = NaiveTree.leafHashes(8);
    private static final Map<NodeId, byte[]> NODES = NaiveTree.perfectNodes(LEAVES, 8);
    private static final byte[] ROOT8 = NaiveTree.root(LEAVES, 8);

    @Test
    void inclusionOfLeafBeyondTreeSaysIndexAndSize() {
        ProofException e = assertThrows(ProofException.class, () -> ProofVerifier
                .verifyInclusion(8, 8, LEAVES.get(0), List.of(), ROOT8));
        assertEquals("leaf index out of range: got 8, want 0 <= index < 8", e.getMessage());
    }

    @Test
    void inclusionWithShortProofSaysProofSizes() {
        List<byte[]> proof = ProofPlanner.inclusionProof(3, 8, NODES).subList(0, 2);

        ProofException e = assertThrows(ProofException.class, () -> ProofVerifier
                .verifyInclusion(3, 8, LEAVES.get(3), proof, ROOT8));
        assertEquals("wrong proof size: got 2 hashes, want 3", e.getMessage());
    }

    @Test
    void inclusionWithTruncatedLeafHashSaysHashSizes() {
        ProofException e = assertThrows(ProofException.class, () -> ProofVerifier
                .verifyInclusion(0, 1, new byte[31], List.of(), ROOT8));
        assertEquals("leaf hash has wrong size: got 31 bytes, want 32", e.getMessage());
    }

    @Test
    void inclusionOfWrongLeafReportsBothRoots() {
        List<byte[]> proof = ProofPlanner.inclusionProof(3, 8, NODES);
        byte[] calculated = rootOf(3, LEAVES.get(4), proof);

        RootMismatchException e = assertThrows(RootMismatchException.class, () -> ProofVerifier
                .verifyInclusion(3, 8, LEAVES.get(4), proof, ROOT8));
        assertArrayEquals(calculated, e.calculatedRoot());
        assertArrayEquals(ROOT8, e.expectedRoot());
        assertEquals("root mismatch: got " + Hashes.hex(calculated) + ", want "
                + Hashes.hex(ROOT8), e.getMessage());
    }

    @Test
    void consistencyFromEmptyTreeIsRejected() {
        ProofException e = assertThrows(ProofException.class, () -> ProofVerifier
                .verifyConsistency(0, 8, List.of(), Rfc6962.emptyRoot(), ROOT8));
        assertEquals("consistency with the empty tree proves nothing:"
                + " got size1 0, want 0 < size1 <= size2", e.getMessage());
    }

    @Test
    void consistencyWithShrinkingTreeSaysBothSizes() {
        ProofException e = assertThrows(ProofException.class, () -> ProofVerifier
                .verifyConsistency(5, 4, List.of(), ROOT8, ROOT8));
        assertEquals("tree sizes out of order: got size1 5, size2 4, want 0 < size1 <= size2",
                e.getMessage());
    }

    @Test
    void consistencyWithWrongOldRootNamesRoot1() {
        List<byte[]> proof = ProofPlanner.consistencyProof(3, 8, NODES);

        RootMismatchException e = assertThrows(RootMismatchException.class, () -> ProofVerifier
                .verifyConsistency(3, 8, proof, NaiveTree.root(LEAVES, 4), ROOT8));
        assertTrue(e.getMessage().startsWith("root1 mismatch: got "), e.getMessage());
    }

    @Test
    void consistencyRootIsTheNewTreeRoot() throws ProofException {
        List<byte[]> proof = ProofPlanner.consistencyProof(3, 8, NODES);

        byte[] root = ProofVerifier.rootFromConsistencyProof(3, 8, proof,
                NaiveTree.root(LEAVES, 3));

        assertArrayEquals(ROOT8, root);
    }

    private static byte[] rootOf(int index, byte[] leaf, List<byte[]> proof) {
        try {
            return ProofVerifier.rootFromInclusionProof(index, 8, leaf, proof);
        } catch (ProofException e) {
            throw new AssertionError("well-formed proof rejected: " + e.getMessage(), e);
        }
    }
}
