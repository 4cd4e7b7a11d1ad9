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

    /** A widget id no other test uses, so each test reads only its own events. */
    public static String freshWidget() {
        return "widget-" + UUID.randomUUID();
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
