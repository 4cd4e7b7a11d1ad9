package opshub.dashboard;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/dashboard/overview} agrees with the projection endpoints it sums up. */
@QuarkusTest
class OverviewApiTest {

    /** After an upgrade a browser must not keep showing the old dashboard for a day. */
    @Test
    void dashboardFilesAreCachedForMinutesOnly() {
        io.restassured.RestAssured.get("/")
                .then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age=300"));
    }

    @Test
    void overviewCountsWhatTheCatalogCounts() {
        JsonPath catalog = Api.as(Role.READER).get("/api/v1/catalog")
                .then().statusCode(200).extract().jsonPath();
        JsonPath overview = overview(Map.of("atPosition", catalog.getLong("position")));

        assertEquals(catalog.getMap("counts"), overview.getMap("counts"));
        assertEquals(catalog.getLong("position"), overview.getLong("position"));
    }

    @Test
    void overviewTalliesGatesByTheirStatus() {
        JsonPath readiness = Api.as(Role.READER).get("/api/v1/readiness")
                .then().statusCode(200).extract().jsonPath();
        JsonPath overview = overview(Map.of("atPosition", readiness.getLong("position")));

        List<String> statuses = readiness.getList("gates.status");
        for (String status : List.of("passed", "failed", "stale", "unknown")) {
            long expected = statuses.stream().filter(status::equals).count();
            assertEquals(expected, overview.getLong("gates." + status), status + " gates");
        }
    }

    @Test
    void overviewSumsUpTheReferenceMigration() {
        JsonPath overview = overview(Map.of());
        Map<String, Object> migration = overview.getMap("migrations.find { it.id == "
                + "'coulombcore-to-threephoenix' }");

        assertEquals(2, migration.get("waves"));
        assertEquals(6, migration.get("services"));
        assertEquals(0, migration.get("servicesDone"));
    }

    @Test
    void overviewCountsHeldSubmissions() {
        int before = overview(Map.of()).getInt("blocked");
        long position = Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(Api.unregisteredEvent(Api.freshWidget()))
                .post("/api/v1/events")
                .then().statusCode(202)
                .extract().jsonPath().getLong("position");

        JsonPath after = overview(Map.of("minPosition", position));
        assertEquals(before + 1, after.getInt("blocked"));
    }

    @Test
    void overviewReportsTheLedgerNow() {
        long head = Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(Api.referenceEvent(Api.freshWidget()))
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("position");

        Api.as(Role.READER)
                .queryParam("atPosition", 3)
                .get("/api/v1/dashboard/overview")
                .then().statusCode(200)
                .body("position", equalTo(3))
                .body("ledger.head", greaterThanOrEqualTo((int) head))
                .body("ledger.projectionLag", greaterThanOrEqualTo(0));
    }

    @Test
    void aBadMomentIsABadParameter() {
        Api.as(Role.READER)
                .queryParam("atPosition", "yesterday")
                .get("/api/v1/dashboard/overview")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("atPosition"));
        Api.as(Role.READER)
                .queryParam("asOf", "noon")
                .get("/api/v1/dashboard/overview")
                .then().statusCode(400)
                .body("errors[0].parameter", equalTo("asOf"));
    }

    @Test
    void overviewNeedsAReaderToken() {
        RestAssured.get("/api/v1/dashboard/overview").then().statusCode(401);
        Api.as(Role.PROBE).get("/api/v1/dashboard/overview").then().statusCode(403);
    }

    private static JsonPath overview(Map<String, Object> params) {
        return Api.as(Role.READER)
                .queryParams(params)
                .get("/api/v1/dashboard/overview")
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
