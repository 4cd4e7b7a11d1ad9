package opshub.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import opshub.merkle.Checkpoint;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

/** The intact ledger verifies; tampering is covered by TamperIT on a server of its own. */
@QuarkusTest
class VerifyApiTest {

    @Test
    void intactLedgerVerifiesUpToTheLatestCheckpoint() throws Exception {
        AuditApi.appendEvent();
        Checkpoint checkpoint = AuditApi.signCheckpoint();

        Api.as(Role.AUDITOR)
                .get("/api/v1/ledger/verify")
                .then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("verifiedSize", greaterThanOrEqualTo((int) checkpoint.size()))
                .body("finding", nullValue());
    }

    @Test
    void readerMayNotVerify() {
        Api.as(Role.READER)
                .get("/api/v1/ledger/verify")
                .then().statusCode(403);
    }
}
