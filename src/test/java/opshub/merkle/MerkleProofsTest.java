package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's path: nodes stored as CompactRange emits them, proofs read in one batch. */
class MerkleProofsTest {

    private static final int SIZE = 100;
    private static final List<byte[]> LEAVES = NaiveTree.leafHashes(SIZE);
    private static final List<byte[]> ROOTS = IntStream.rangeClosed(0, SIZE)
            .mapToObj(size -> NaiveTree.root(LEAVES, size))
            .toList();

    private final Map<NodeId, byte[]> store = new HashMap<>();
    private final List<Set<NodeId>> reads = new ArrayList<>();
    private final NodeReader reader = ids -> {
        reads.add(ids);
        Map<NodeId, byte[]> found = new HashMap<>();
        ids.forEach(id -> found.put(id, store.get(id)));
        return found;
    };

    @BeforeEach
    void storeLeavesAndCompletedNodes() {
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < SIZE; i++) {
            store.put(NodeId.leaf(i), LEAVES.get(i));
            range.append(LEAVES.get(i)).forEach(node -> store.put(node.id(), node.hash()));
        }
    }

    @Test
    void rootReadsStoreOnceAndEqualsNaiveRoot() {
        byte[] root = MerkleProofs.root(77, reader);

        assertArrayEquals(ROOTS.get(77), root);
        assertEquals(1, reads.size());
    }

    @Test
    void inclusionProofReadsStoreOnceAndVerifies() throws ProofException {
        for (int size = 1; size <= SIZE; size++) {
            for (int index = 0; index < size; index++) {
                reads.clear();
                List<byte[]> proof = MerkleProofs.inclusionProof(index, size, reader);

                assertEquals(size == 1 ? 0 : 1, reads.size(), "reads for size " + size);
                ProofVerifier.verifyInclusion(index, size, LEAVES.get(index), proof,
                        ROOTS.get(size));
            }
        }
    }

    @Test
    void consistencyProofReadsStoreOnceAndVerifies() throws ProofException {
        for (int size2 = 2; size2 <= SIZE; size2++) {
            for (int size1 = 1; size1 < size2; size1++) {
                reads.clear();
                List<byte[]> proof = MerkleProofs.consistencyProof(size1, size2, reader);

                assertEquals(1, reads.size());
                ProofVerifier.verifyConsistency(size1, size2, proof, ROOTS.get(size1),
                        ROOTS.get(size2));
            }
        }
    }

    @Test
    void readerIsNeverAskedForNothing() {
        assertArrayEquals(Rfc6962.emptyRoot(), MerkleProofs.root(0, reader));
        assertEquals(List.of(), MerkleProofs.consistencyProof(0, 9, reader));
        assertEquals(List.of(), MerkleProofs.consistencyProof(9, 9, reader));

        assertTrue(reads.isEmpty(), "reads: " + reads);
    }

    @Test
    void readerMissingANodeIsReported() {
        store.remove(new NodeId(5, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MerkleProofs.root(SIZE, reader));
        assertTrue(e.getMessage().startsWith("no hash supplied for NodeId(level=5, index=2)"),
                e.getMessage());
    }
}
