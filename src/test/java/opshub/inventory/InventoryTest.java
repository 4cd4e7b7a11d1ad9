package opshub.inventory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InventoryTest {

    private static final Path SHIPPED = Path.of("deploy/inventory/ops-hub-inventory.yaml");

    @Test
    void loadingTheSameFileTwiceAppendsNothing() throws IOException {
        load(Files.readString(SHIPPED), "application/yaml");
        long before = head();

        Api.admin().contentType("application/yaml").body(Files.readAllBytes(SHIPPED))
                .post("/api/v1/inventory")
                .then().statusCode(200)
                .body("declared", equalTo(0))
                .body("retired", equalTo(0))
                .body("widgetsRegistered", equalTo(0));

        assertEquals(before, head());
    }

    @Test
    void entityRemovedFromTheFileIsRetiredByAnEvent() throws IOException {
        String key = "env-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode document = shipped();
        ((ArrayNode) document.get("environments")).addObject().put("key", key)
                .put("role", "temporary").put("state", "planned");
        load(document.toString(), "application/json");
        Api.as(Role.READER).get("/api/v1/catalog/environments/{k}", key).then().statusCode(200);

        Api.admin().contentType("application/yaml").body(Files.readAllBytes(SHIPPED))
                .post("/api/v1/inventory")
                .then().statusCode(200)
                .body("retired", equalTo(1));

        Api.as(Role.READER).get("/api/v1/catalog/environments/{k}", key).then().statusCode(404);
        Api.as(Role.READER).queryParam("eventType", "ops-entity-retired")
                .queryParam("limit", 1000)
                .get("/api/v1/events")
                .then().body("events.metadata.key", org.hamcrest.Matchers.hasItem(key));
    }

    @Test
    void fileWithErrorsIsRejectedWholeListingEveryError() throws IOException {
        ObjectNode document = shipped();
        ((ObjectNode) document.get("hosts").get(0)).put("environment", "atlantis");
        ((ObjectNode) document.get("services").get(0)).put("colour", "blue");
        ObjectNode wave = (ObjectNode) document.get("migrations").get(0).get("waves").get(0);
        ((ObjectNode) wave.get("services").get(0)).put("disposition", "teleport");
        ((ArrayNode) document.get("repos")).addObject().put("key", "railiance-apps");
        long before = head();

        Api.admin().contentType(ContentType.JSON).body(document.toString())
                .post("/api/v1/inventory")
                .then().statusCode(422)
                .body("errors.pointer", hasItems("/hosts/0/environment", "/services/0/colour",
                        "/migrations/0/waves/0/services/0/disposition", "/repos/5/key"));

        assertEquals(before, head());
    }

    /** As through the API: a widget's slug given as a number is refused, not its text. */
    @Test
    void widgetFieldThatIsNoStringIsRefusedNotConverted() throws IOException {
        ObjectNode document = shipped();
        ((ArrayNode) document.get("widgets")).addObject().put("slug", 7)
                .put("kind", "view").put("target", "catalog");
        long before = head();

        Api.admin().contentType(ContentType.JSON).body(document.toString())
                .post("/api/v1/inventory")
                .then().statusCode(422)
                .body("errors.pointer", hasItems("/widgets/"
                        + (document.get("widgets").size() - 1) + "/slug"));

        assertEquals(before, head());
    }

    @Test
    void widgetRegisteredThroughTheApiIsNeverTakenOverByTheFile() throws IOException {
        String slug = "w-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin().contentType(ContentType.JSON)
                .body(java.util.Map.of("slug", slug, "kind", "host", "target", "hosts/railiance01"))
                .post("/api/v1/widgets").then().statusCode(201);
        ObjectNode document = shipped();
        ((ArrayNode) document.get("widgets")).addObject().put("slug", slug).put("kind", "host")
                .put("target", "hosts/coulombcore");
        int index = document.get("widgets").size() - 1;
        long before = head();

        Api.admin().contentType(ContentType.JSON).body(document.toString())
                .post("/api/v1/inventory")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItems("/widgets/" + index + "/slug"));

        assertEquals(before, head());
        Api.as(Role.READER).get("/api/v1/widgets/{w}", slug)
                .then().body("target", equalTo("hosts/railiance01"))
                .body("origin", equalTo("api"));
    }

    @Test
    void malformedYamlIs400() {
        Api.admin().contentType("application/yaml").body("environments: [unclosed".getBytes())
                .post("/api/v1/inventory")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static void load(String body, String type) {
        Api.admin().contentType(type).body(body.getBytes()).post("/api/v1/inventory")
                .then().statusCode(200);
    }

    private static ObjectNode shipped() throws IOException {
        return (ObjectNode) new YAMLMapper().readTree(SHIPPED.toFile());
    }

    static long head() {
        return Api.as(Role.READER).get("/api/v1/catalog")
                .then().extract().jsonPath().getLong("position");
    }
}
