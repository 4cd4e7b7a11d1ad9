package opshub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import opshub.security.Role;

/** Requests as a given role; one token per role is issued on first use. */
public final class Api {

    private static final Map<Role, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().auth().oauth2(EmbeddedPostgresResource.ADMIN_TOKEN);
    }

    public static RequestSpecification as(Role role) {
        return given().auth().oauth2(token(role));
    }

    public static String token(Role role) {
        if (role == Role.ADMIN) {
            return EmbeddedPostgresResource.ADMIN_TOKEN;
        }
        return TOKENS.computeIfAbsent(role, Api::issue);
    }

    public static String issue(Role role) {
        String name = role.wire() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return admin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role.wire()))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }

    /**
     * The id of a new endpoint widget, pointing at an endpoint of its own, that no other test
     * uses: each test reads only its own events and leaves the reference inventory's evidence
     * alone.
     */
    public static String freshWidget() {
        return freshWidget("endpoint", "endpoints/test-" + UUID.randomUUID());
    }

    public static String freshWidget(String kind, String target) {
        String slug = "test-" + UUID.randomUUID().toString().substring(0, 13);
        return admin()
                .contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "kind", kind, "target", target))
                .post("/api/v1/widgets")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** An event of a type no manifest registers: it is held, not recorded. */
    public static Map<String, Object> unregisteredEvent(String widgetId) {
        return Map.of(
                "widgetId", widgetId,
                "eventType", "ops-unregistered-" + UUID.randomUUID().toString().substring(0, 8),
                "viewContext", "test",
                "metadata", Map.of("vsmFunction", "OPS", "vsmSystem", "S1"));
    }

    /** A failed endpoint check for the widget. */
    public static Map<String, Object> failedCheck(String widgetId) {
        return Map.of(
                "widgetId", widgetId,
                "eventType", "ops-endpoint-check-failed",
                "viewContext", "test",
                "metadata", Map.of("vsmFunction", "OPS", "vsmSystem", "S1",
                        "endpoint", "https://gitea.coulomb.social/v2/",
                        "failures", java.util.List.of(Map.of("condition", "status",
                                "got", 200, "want", 401))));
    }

    /** The reference document's first evidence event, addressed to {@code widgetId}. */
    public static Map<String, Object> referenceEvent(String widgetId) {
        return Map.of(
                "widgetId", widgetId,
                "eventType", "ops-endpoint-verified",
                "viewContext", "railiance-apps/workplans/RAIL-AP-WP-0001",
                "metadata", Map.of(
                        "vsmFunction", "OPS",
                        "vsmSystem", "S1",
                        "endpoint", "https://gitea.coulomb.social/v2/",
                        "expectedStatus", 401,
                        "observedHeader", "Docker-Distribution-Api-Version: registry/2.0"));
    }
}
