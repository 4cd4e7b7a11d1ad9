package opshub.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import opshub.merkle.Checkpoint;
import opshub.merkle.CompactRange;
import opshub.merkle.MerkleProofs;
import opshub.merkle.NoteVerifier;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.LedgerDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CheckpointApiTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @ConfigProperty(name = "opshub.data-dir")
    Path dataDir;

    @Test
    void publicKeyIsAVerifierKeyNamedAfterTheOrigin() {
        NoteVerifier key = AuditApi.publicKey();

        assertEquals("ops-hub", key.name());
    }

    @Test
    void generatedSigningKeyIsReadableByItsOwnerOnly() throws Exception {
        Path file = dataDir.resolve(CheckpointKey.FILE);

        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file));
        assertTrue(Files.readString(file).startsWith("PRIVATE+KEY+ops-hub+"));
    }

    @Test
    void signedCheckpointCoversTheHeadAndCarriesItsRoot() throws Exception {
        long position = AuditApi.appendEvent().<Integer>path("position");

        Checkpoint checkpoint = AuditApi.signCheckpoint();

        assertEquals("ops-hub", checkpoint.origin());
        assertTrue(checkpoint.size() >= position, "size " + checkpoint.size());
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            assertArrayEquals(rootOfLeaves(db.leafHashes(), checkpoint.size()),
                    checkpoint.root());
        }
    }

    @Test
    void latestCheckpointIsServedAsTheSignedNote() throws Exception {
        AuditApi.appendEvent();
        Checkpoint signed = AuditApi.signCheckpoint();

        String note = Api.as(Role.READER)
                .get("/api/v1/ledger/checkpoint")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .extract().asString();

        assertEquals(signed, AuditApi.publicKey().verifyCheckpoint(note));
    }

    @Test
    void signingAgainWithoutGrowthAnswersTheLatest() throws Exception {
        AuditApi.appendEvent();
        Checkpoint signed = AuditApi.signCheckpoint();

        Api.admin()
                .post("/api/v1/ledger/checkpoints")
                .then().statusCode(200)
                .body("treeSize", equalTo((int) signed.size()));
    }

    @Test
    void historyListsCheckpointsBySizeAndFollowsNext() throws Exception {
        AuditApi.appendEvent();
        Checkpoint first = AuditApi.signCheckpoint();
        AuditApi.appendEvent();
        Checkpoint second = AuditApi.signCheckpoint();

        List<Integer> sizes = Api.as(Role.READER)
                .queryParam("after", first.size() - 1)
                .queryParam("limit", 2)
                .get("/api/v1/ledger/checkpoints")
                .then().statusCode(200)
                .body("next", equalTo((int) second.size()))
                .extract().path("checkpoints.treeSize");

        assertEquals(List.of((int) first.size(), (int) second.size()), sizes);
    }

    @Test
    void onlyAdminMaySign() {
        Api.as(Role.AUDITOR)
                .post("/api/v1/ledger/checkpoints")
                .then().statusCode(403);
    }

    /** Invariant 7: nodes changed behind the server's back must stop the next signature. */
    @Test
    void checkpointInconsistentWithAnEarlierOneIsNeverSigned() throws Exception {
        AuditApi.appendEvent();
        AuditApi.appendEvent();
        Checkpoint signed = AuditApi.signCheckpoint();
        var node = CompactRange.frontierNodes(signed.size()).get(0);
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            byte[] original = db.node(node);
            byte[] forged = original.clone();
            forged[0] ^= 1;
            db.bypassingGuard("UPDATE merkle_node SET hash = ? WHERE level = ? AND index = ?",
                    forged, node.level(), node.index());
            long checkpoints = db.count("ledger_checkpoint");
            try {
                AuditApi.appendEvent();

                Api.admin()
                        .post("/api/v1/ledger/checkpoints")
                        .then().statusCode(409)
                        .body("type", equalTo("urn:ops-hub:problem:conflict"))
                        .body("signedTreeSize", equalTo((int) signed.size()));
                assertEquals(checkpoints, db.count("ledger_checkpoint"));
            } finally {
                db.bypassingGuard("UPDATE merkle_node SET hash = ? WHERE level = ? AND index = ?",
                        original, node.level(), node.index());
            }
        }
        AuditApi.signCheckpoint();
    }

    private static byte[] rootOfLeaves(List<byte[]> leaves, long size) {
        CompactRange range = CompactRange.empty();
        leaves.subList(0, (int) size).forEach(range::append);
        return range.root();
    }

    /** The root the stored nodes give, for comparison with a recomputed one. */
    static byte[] storedRoot(LedgerDatabase db, long size) {
        return MerkleProofs.root(size, db.nodeReader());
    }
}
