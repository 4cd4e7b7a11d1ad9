package opshub.testing;

import io.restassured.http.ContentType;
import opshub.security.Role;
import java.util.List;
import java.util.Map;

/**
 * Declares and retires catalog entities of a test's own by posting the events inventory
 * reconciliation appends, so that a test can add an endpoint or a gate without replacing the
 * reference inventory other tests read.
 */
public final class Declarations {

    private static final String CATALOG = "ops-service-catalog";

    private Declarations() {
    }

    /** The position of the declaration. */
    public static long declare(String kind, String key, Map<String, Object> attributes,
            Map<String, List<String>> relations) {
        return post("ops-entity-declared", Map.of("vsmFunction", "OPS", "vsmSystem", "S1",
                "kind", kind, "key", key, "attributes", attributes, "relations", relations));
    }

    public static long retire(String kind, String key) {
        return post("ops-entity-retired", Map.of("vsmFunction", "OPS", "vsmSystem", "S1",
                "kind", kind, "key", key, "reason", "test finished"));
    }

    /** Returns once the projections include the event, as every caller then reads them. */
    private static long post(String type, Map<String, Object> metadata) {
        long position = Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("widgetId", CATALOG, "eventType", type, "viewContext", "test",
                        "metadata", metadata))
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("position");
        Api.as(Role.READER).queryParam("minPosition", position).get("/api/v1/catalog")
                .then().statusCode(200);
        return position;
    }
}
