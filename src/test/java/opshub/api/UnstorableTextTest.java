package opshub.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import opshub.manifest.ManifestTestSupport;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin endpoint that stores what it is sent refuses text PostgreSQL cannot store (NUL,
 * unpaired surrogates) and numbers beyond its numeric, in JSON and in YAML: 422 naming the
 * field by its pointer, and nothing stored. Bodies are written as text, so that JSON escapes
 * ({@code \u0000}) and YAML escapes ({@code \0}) reach the server as such.
 */
@QuarkusTest
class UnstorableTextTest {

    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final Path INVENTORY = Path.of("deploy/inventory/ops-hub-inventory.yaml");
    private static final String FIRST_ROLE = "role: Workstation development and local services";

    static Stream<Arguments> unstorable() throws IOException {
        return Stream.of(
                widget("NUL as a view's target", "\"kind\":\"view\",\"target\":\"\\u0000\"",
                        "/target"),
                widget("lone surrogate as a view's target",
                        "\"kind\":\"view\",\"target\":\"\\ud800\"", "/target"),
                widget("NUL in an entity target",
                        "\"kind\":\"host\",\"target\":\"hosts/\\u0000\"", "/target"),
                widget("lone surrogate in a member name",
                        "\"kind\":\"view\",\"target\":\"v\",\"\\udc00\":1", "/\udc00"),
                Arguments.of("manifest: NUL in its description (JSON)", "/api/v1/manifests",
                        JSON, manifestJson("\"description\":\"a\\u0000b\","), "/description"),
                Arguments.of("manifest: NUL as a schema's const (YAML)", "/api/v1/manifests",
                        YAML, manifestYaml("seen: {const: \"\\0\"}"),
                        "/eventTypes/0/schema/properties/seen/const"),
                Arguments.of("manifest: lone surrogate in a schema (YAML)", "/api/v1/manifests",
                        YAML, manifestYaml("seen: {const: \"a\\ud800b\"}"),
                        "/eventTypes/0/schema/properties/seen/const"),
                Arguments.of("manifest: number beyond numeric (YAML)", "/api/v1/manifests",
                        YAML, manifestYaml("seen: {maximum: 1e999999}"),
                        "/eventTypes/0/schema/properties/seen/maximum"),
                Arguments.of("inventory: NUL in an environment's role (YAML)",
                        "/api/v1/inventory", YAML, inventory("role: \"a\\0b\""),
                        "/environments/0/role"),
                Arguments.of("inventory: lone surrogate in an environment's role (YAML)",
                        "/api/v1/inventory", YAML, inventory("role: \"a\\ud800b\""),
                        "/environments/0/role"),
                Arguments.of("inventory: NUL in an environment's role (JSON)",
                        "/api/v1/inventory", JSON, inventoryJson("a\\u0000b"),
                        "/environments/0/role"),
                Arguments.of("token: NUL in its name", "/api/v1/tokens", JSON,
                        "{\"name\":\"t\\u0000\",\"role\":\"reader\"}", "/name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unstorable")
    void unstorableTextIsRefusedNamingTheField(String name, String path, String type,
            String body, String pointer) {
        long before = head();

        Api.admin()
                .contentType(type)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(path)
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:invalid-field"))
                .body("pointer", equalTo(pointer));

        assertEquals(before, head());
    }

    private static Arguments widget(String name, String fields, String pointer) {
        String slug = "w-" + UUID.randomUUID().toString().substring(0, 8);
        return Arguments.of("widget: " + name, "/api/v1/widgets", JSON,
                "{\"slug\":\"" + slug + "\"," + fields + "}", pointer);
    }

    private static String manifestJson(String extraFields) {
        String type = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        return "{\"name\":\"m" + type + "\",\"version\":\"1\"," + extraFields
                + "\"placement\":{\"hub\":\"ops-hub\",\"family\":\"vsm\",\"function\":\"OPS\","
                + "\"system\":\"S1\"},\"eventTypes\":[{\"name\":\"" + type + "\","
                + "\"description\":\"d\",\"targets\":[\"host\"],"
                + "\"schema\":{\"type\":\"object\"}}]}";
    }

    /** The test manifest, with property {@code seen} defined as {@code property}. */
    private static String manifestYaml(String property) {
        String type = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        return ManifestTestSupport.manifest("m" + type, type)
                .replace("seen: {type: boolean}", property);
    }

    /** The shipped inventory with the first environment's role replaced. */
    private static String inventory(String role) throws IOException {
        String shipped = Files.readString(INVENTORY);
        assertEquals(1, shipped.split(FIRST_ROLE, -1).length - 1);
        return shipped.replace(FIRST_ROLE, role);
    }

    /** The shipped inventory as JSON, the first environment's role the JSON text given. */
    private static String inventoryJson(String roleText) throws IOException {
        ObjectNode shipped = (ObjectNode) new YAMLMapper().readTree(INVENTORY.toFile());
        ((ObjectNode) shipped.get("environments").get(0)).put("role", "ROLE");
        return shipped.toString().replace("\"ROLE\"", "\"" + roleText + "\"");
    }

    private static long head() {
        return Api.as(Role.READER).get("/api/v1/catalog")
                .then().extract().jsonPath().getLong("position");
    }
}
