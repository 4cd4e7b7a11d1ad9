package opshub.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.List;
import opshub.merkle.Checkpoint;
import opshub.merkle.ProofVerifier;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

/** Proofs from the API verify against the signed checkpoint's root. */
@QuarkusTest
class ProofApiTest {

    @Test
    void inclusionProofVerifiesAgainstSignedCheckpoint() throws Exception {
        Response receipt = AuditApi.appendEvent();
        long position = receipt.<Integer>path("position");
        Checkpoint checkpoint = AuditApi.signCheckpoint();

        Response proof = Api.as(Role.AUDITOR)
                .queryParam("position", position)
                .queryParam("treeSize", checkpoint.size())
                .get("/api/v1/ledger/proofs/inclusion");
        proof.then().statusCode(200)
                .body("leafIndex", equalTo((int) position - 1))
                .body("leafHash", equalTo(receipt.path("leafHash")));

        ProofVerifier.verifyInclusion(position - 1, checkpoint.size(),
                Base64.getDecoder().decode(receipt.<String>path("leafHash")),
                AuditApi.hashes(proof.path("proof")), checkpoint.root());
    }

    @Test
    void consistencyProofVerifiesBetweenTwoCheckpoints() throws Exception {
        AuditApi.appendEvent();
        Checkpoint older = AuditApi.signCheckpoint();
        AuditApi.appendEvent();
        AuditApi.appendEvent();
        AuditApi.appendEvent();
        Checkpoint newer = AuditApi.signCheckpoint();

        List<String> proof = Api.as(Role.AUDITOR)
                .queryParam("from", older.size())
                .queryParam("to", newer.size())
                .get("/api/v1/ledger/proofs/consistency")
                .then().statusCode(200)
                .body("from", equalTo((int) older.size()))
                .body("to", equalTo((int) newer.size()))
                .extract().path("proof");

        ProofVerifier.verifyConsistency(older.size(), newer.size(), AuditApi.hashes(proof),
                older.root(), newer.root());
    }

    @Test
    void inclusionProofOfEveryLeafOfASmallTreeVerifies() throws Exception {
        AuditApi.appendEvent();
        Checkpoint checkpoint = AuditApi.signCheckpoint();

        for (long position = Math.max(1, checkpoint.size() - 40); position <= checkpoint.size();
                position++) {
            Response proof = Api.as(Role.AUDITOR)
                    .queryParam("position", position)
                    .queryParam("treeSize", checkpoint.size())
                    .get("/api/v1/ledger/proofs/inclusion");
            ProofVerifier.verifyInclusion(position - 1, checkpoint.size(),
                    Base64.getDecoder().decode(proof.<String>path("leafHash")),
                    AuditApi.hashes(proof.path("proof")), checkpoint.root());
        }
    }

    @Test
    void treeSizeBeyondHeadIs422WithGotAndWant() {
        long head = AuditApi.appendEvent().<Integer>path("position");

        Api.as(Role.AUDITOR)
                .queryParam("position", 1)
                .queryParam("treeSize", head + 1000)
                .get("/api/v1/ledger/proofs/inclusion")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:invalid-field"))
                .body("errors[0].parameter", equalTo("treeSize"))
                .body("errors[0].got", equalTo(String.valueOf(head + 1000)));
    }

    @Test
    void positionBeyondTreeSizeIs422() {
        AuditApi.appendEvent();
        AuditApi.appendEvent();

        Api.as(Role.AUDITOR)
                .queryParam("position", 2)
                .queryParam("treeSize", 1)
                .get("/api/v1/ledger/proofs/inclusion")
                .then().statusCode(422)
                .body("errors[0].parameter", equalTo("position"))
                .body("errors[0].got", equalTo("2"))
                .body("errors[0].want", equalTo("1..1"));
    }

    @Test
    void consistencyFromAboveToIs422() {
        AuditApi.appendEvent();
        AuditApi.appendEvent();

        Api.as(Role.AUDITOR)
                .queryParam("from", 2)
                .queryParam("to", 1)
                .get("/api/v1/ledger/proofs/consistency")
                .then().statusCode(422)
                .body("errors[0].parameter", equalTo("from"))
                .body("errors[0].want", equalTo("1..1"));
    }

    @Test
    void consistencyFromZeroIs422() {
        AuditApi.appendEvent();

        Api.as(Role.AUDITOR)
                .queryParam("from", 0)
                .queryParam("to", 1)
                .get("/api/v1/ledger/proofs/consistency")
                .then().statusCode(422)
                .body("errors[0].parameter", equalTo("from"));
    }

    @Test
    void missingTreeSizeIs400() {
        Api.as(Role.AUDITOR)
                .queryParam("position", 1)
                .get("/api/v1/ledger/proofs/inclusion")
                .then().statusCode(400)
                .body("type", equalTo("urn:ops-hub:problem:bad-parameter"))
                .body("errors[0].parameter", equalTo("treeSize"));
    }

    @Test
    void readerMayNotFetchProofs() {
        Api.as(Role.READER)
                .queryParam("from", 1)
                .queryParam("to", 1)
                .get("/api/v1/ledger/proofs/consistency")
                .then().statusCode(403);
    }

    @Test
    void consistencyOfEqualSizesIsEmpty() {
        long head = AuditApi.appendEvent().<Integer>path("position");

        List<String> proof = Api.as(Role.AUDITOR)
                .queryParam("from", head)
                .queryParam("to", head)
                .get("/api/v1/ledger/proofs/consistency")
                .then().statusCode(200)
                .extract().path("proof");

        assertEquals(List.of(), proof);
    }
}
