package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import opshub.merkle.Rfc6962Vectors.Vector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Known-answer vectors from transparency-dev/merkle: each must be accepted exactly when its
 * wantErr is false. The negative vectors are named after the mutation applied to a happy path.
 */
class ProofVectorTest {

    private static final int INCLUSION_VECTORS = 98;
    private static final int CONSISTENCY_VECTORS = 98;

    /** Leaf data of the tree the vectors were made from (the RFC 6962 / CT test tree). */
    private static final List<String> CT_TEST_LEAVES = List.of("", "00", "10", "2021", "3031",
            "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    @TestFactory
    Stream<DynamicTest> inclusionVectorsVerifyExactlyWhenWantErrIsFalse() {
        List<Vector> vectors = Rfc6962Vectors.load("inclusion");
        assertEquals(INCLUSION_VECTORS, vectors.size(), "inclusion vector files found");

        return vectors.stream().map(v -> dynamicTest("inclusion/" + v.name(), () ->
                expectOutcome(v, () -> ProofVerifier.verifyInclusion(v.number("leafIdx"),
                        v.number("treeSize"), v.bytes("leafHash"), v.proof(), v.bytes("root")))));
    }

    @TestFactory
    Stream<DynamicTest> consistencyVectorsVerifyExactlyWhenWantErrIsFalse() {
        List<Vector> vectors = Rfc6962Vectors.load("consistency");
        assertEquals(CONSISTENCY_VECTORS, vectors.size(), "consistency vector files found");

        return vectors.stream().map(v -> dynamicTest("consistency/" + v.name(), () ->
                expectOutcome(v, () -> ProofVerifier.verifyConsistency(v.number("size1"),
                        v.number("size2"), v.proof(), v.bytes("root1"), v.bytes("root2")))));
    }

    @TestFactory
    Stream<DynamicTest> plannedInclusionProofsEqualHappyPathVectors() {
        return happyPaths("inclusion").map(v -> dynamicTest("inclusion/" + v.name(), () -> {
            int size = (int) v.number("treeSize");
            Map<NodeId, byte[]> nodes = NaiveTree.perfectNodes(ctLeafHashes(), size);

            List<byte[]> proof = ProofPlanner.inclusionProof(v.number("leafIdx"), size, nodes);

            assertProofEquals(v.proof(), proof);
            assertArrayEquals(v.bytes("root"), ProofPlanner.root(size, nodes));
        }));
    }

    @TestFactory
    Stream<DynamicTest> plannedConsistencyProofsEqualHappyPathVectors() {
        return happyPaths("consistency").map(v -> dynamicTest("consistency/" + v.name(), () -> {
            int size2 = (int) v.number("size2");
            Map<NodeId, byte[]> nodes = NaiveTree.perfectNodes(ctLeafHashes(), size2);

            List<byte[]> proof = ProofPlanner.consistencyProof(v.number("size1"), size2, nodes);

            assertProofEquals(v.proof(), proof);
            assertArrayEquals(v.bytes("root2"), ProofPlanner.root(size2, nodes));
        }));
    }

    private static void expectOutcome(Vector v, Executable verification) {
        String desc = v.json().get("desc").asText();
        if (v.wantErr()) {
            assertThrows(ProofException.class, verification, desc);
        } else {
            assertDoesNotThrow(verification, desc);
        }
    }

    private static Stream<Vector> happyPaths(String kind) {
        List<Vector> happy = Rfc6962Vectors.load(kind).stream()
                .filter(v -> v.name().endsWith("/happy-path.json"))
                .toList();
        assertEquals(5, happy.size(), kind + " happy-path vectors found");
        return happy.stream();
    }

    private static List<byte[]> ctLeafHashes() {
        List<byte[]> hashes = new ArrayList<>();
        CT_TEST_LEAVES.forEach(hex -> hashes.add(Rfc6962.hashLeaf(HexFormat.of().parseHex(hex))));
        return hashes;
    }

    private static void assertProofEquals(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size(), "proof length");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "proof[" + i + "]");
        }
    }
}
