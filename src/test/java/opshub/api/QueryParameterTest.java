package opshub.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A GET endpoint takes the query parameters it documents, each once: a mistyped filter is a
 * 400 naming it, never an unfiltered answer, and of a repeated one no value is dropped unseen.
 */
@QuarkusTest
// a stream opened where a 400 was due would never end
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueryParameterTest {

    @Test
    void mistypedFilterOfTheLedgerIs400NamingItAndTheAllowedOnes() {
        Api.as(Role.READER)
                .queryParam("type", "ops-endpoint-verified")
                .get("/api/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:bad-parameter"))
                .body("detail", equalTo("type: is not a parameter of this endpoint"))
                .body("errors", hasSize(1))
                .body("errors[0].parameter", equalTo("type"))
                .body("errors[0].want", equalTo("one of after, eventType, limit, widgetId"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/v1/events, 'one of after, eventType, limit, widgetId'",
        "/api/v1/events/5f0c0000-0000-4000-8000-000000000000, no query parameters",
        "/api/v1/widgets/ops-host-railiance01/events, 'one of after, limit'",
        "/api/v1/events/stream, one of after",
        "/api/v1/catalog, 'one of asOf, atPosition, minPosition'",
        "/api/v1/widgets/ops-host-railiance01/timeline, "
                + "'one of asOf, atPosition, limit, minPosition'",
        "/api/v1/ledger/checkpoints, 'one of after, limit'",
        "/api/v1/tokens, no query parameters"})
    void unknownParameterIs400OnEveryGetEndpoint(String path, String allowed) {
        Api.admin()
                .queryParam("widget", "ops-host-railiance01")
                .get(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("widget"))
                .body("errors[0].want", equalTo(allowed));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/api/v1/events", "/api/v1/widgets/ops-host-railiance01/events",
        "/api/v1/events/stream"})
    void repeatedParameterIs400NamingIt(String path) {
        Api.as(Role.READER)
                .queryParam("after", 1, 2)
                .get(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:bad-parameter"))
                .body("errors[0].parameter", equalTo("after"))
                .body("errors[0].detail", containsString("2 times"))
                .body("errors[0].got", equalTo("[1, 2]"));
    }

    @Test
    void everyWrongParameterIsListed() {
        Api.as(Role.READER)
                .queryParam("limit", 5, 6)
                .queryParam("widget", "a")
                .queryParam("evenType", "b")
                .get("/api/v1/events")
                .then().statusCode(400)
                .body("errors.parameter", equalTo(List.of("evenType", "limit", "widget")))
                .body("detail", containsString("(and 2 more)"));
    }

    /** The dashboard's own requests (src/main/resources/META-INF/resources/dashboard). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/v1/events?after=0&limit=30",
        "/api/v1/dashboard/overview?asOf=2026-01-01T10:00Z",
        "/api/v1/catalog/hosts?atPosition=1",
        "/api/v1/widgets/ops-host-railiance01/timeline?limit=20&minPosition=1",
        "/api/v1/readiness/gitea-registry/history?minPosition=1",
        "/api/v1/migrations?atPosition=1",
        "/api/v1/ledger/export?from=1&to=1",
        "/api/v1/ledger/proofs/inclusion?position=1&treeSize=1"})
    void declaredParametersAreTaken(String url) {
        Api.admin()
                .urlEncodingEnabled(false)
                .get(url)
                .then().statusCode(200);
    }

    @Test
    void aCallerWithoutATokenLearnsNothingAboutParameters() {
        RestAssured.given()
                .queryParam("widget", UUID.randomUUID())
                .get("/api/v1/events")
                .then().statusCode(401);
    }
}
