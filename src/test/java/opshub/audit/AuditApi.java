package opshub.audit;

import static opshub.testing.Api.freshWidget;
import static opshub.testing.Api.referenceEvent;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import opshub.merkle.Checkpoint;
import opshub.merkle.NoteException;
import opshub.merkle.NoteVerifier;
import opshub.security.Role;
import opshub.testing.Api;

/** Calls the ledger's audit endpoints the way an auditor's tool would. */
final class AuditApi {

    private AuditApi() {
    }

    /** Appends one reference event to a fresh widget and returns its receipt. */
    static Response appendEvent() {
        Response receipt = Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(referenceEvent(freshWidget()))
                .post("/api/v1/events");
        receipt.then().statusCode(201);
        return receipt;
    }

    static NoteVerifier publicKey() {
        String key = Api.as(Role.READER)
                .get("/api/v1/ledger/public-key")
                .then().statusCode(200)
                .extract().asString();
        return NoteVerifier.parse(key.trim());
    }

    /**
     * Signs a checkpoint of the head now and returns it, verified with the public key. The
     * scheduler may have signed the same head a moment earlier: then the answer is 200.
     */
    static Checkpoint signCheckpoint() throws NoteException {
        String note = Api.admin()
                .post("/api/v1/ledger/checkpoints")
                .then().statusCode(anyOf(is(200), is(201)))
                .extract().path("note");
        return publicKey().verifyCheckpoint(note);
    }

    static List<byte[]> hashes(List<String> base64) {
        List<byte[]> hashes = new ArrayList<>();
        base64.forEach(hash -> hashes.add(Base64.getDecoder().decode(hash)));
        return hashes;
    }
}
