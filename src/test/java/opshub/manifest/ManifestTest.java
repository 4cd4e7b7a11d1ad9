package opshub.manifest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class ManifestTest {

    @Test
    void shippedManifestIsActiveFromFirstStart() {
        Api.as(Role.READER)
                .get("/api/v1/manifests")
                .then().statusCode(200)
                .body("manifests.find { it.name == 'ops-core' }.status", equalTo("active"));

        Api.as(Role.READER)
                .get("/api/v1/event-types")
                .then().statusCode(200)
                .body("eventTypes.name", hasItems("ops-endpoint-verified",
                        "ops-endpoint-check-failed", "ops-backup-completed", "ops-restore-tested",
                        "ops-reachability-observed", "ops-helm-release-observed",
                        "ops-helm-values-updated", "ops-registry-token-issued",
                        "ops-registry-login-verified", "ops-registry-push-verified",
                        "ops-registry-pull-verified", "ops-entity-declared"));
    }

    @Test
    void manifestIsRegisteredActivatedAndRetired() {
        String name = fresh();
        register(manifest(name, "ops-" + name + "-seen")).then().statusCode(201)
                .body("status", equalTo("registered"));

        Api.admin().post("/api/v1/manifests/{n}/1/activate", name)
                .then().statusCode(200)
                .body("status", equalTo("active"));
        Api.as(Role.READER).get("/api/v1/event-types")
                .then().body("eventTypes.name", hasItem("ops-" + name + "-seen"));

        Api.admin().post("/api/v1/manifests/{n}/1/retire", name)
                .then().statusCode(200)
                .body("status", equalTo("retired"));
        Api.as(Role.READER).get("/api/v1/event-types")
                .then().body("eventTypes.name", not(hasItem("ops-" + name + "-seen")));
    }

    @Test
    void retiredManifestCannotBeActivatedAgain() {
        String name = fresh();
        register(manifest(name, "ops-" + name + "-seen")).then().statusCode(201);
        Api.admin().post("/api/v1/manifests/{n}/1/retire", name).then().statusCode(200);

        Api.admin().post("/api/v1/manifests/{n}/1/activate", name)
                .then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void sameDocumentTwiceIsNoOpAndOtherContentIsConflict() {
        String name = fresh();
        register(manifest(name, "ops-" + name + "-a")).then().statusCode(201);

        register(manifest(name, "ops-" + name + "-a")).then().statusCode(200);
        register(manifest(name, "ops-" + name + "-b")).then().statusCode(409);
    }

    @Test
    void invalidManifestListsEveryError() {
        String yaml = """
                name: %s
                version: 1
                placement: {hub: other-hub, family: vsm, function: OPS, system: S1}
                eventTypes:
                  - name: opshub.sneaky
                    description: reserved
                    targets: [spaceship]
                    schema: {type: 12}
                """.formatted(fresh());

        Api.admin().contentType("application/yaml").body(yaml.getBytes())
                .post("/api/v1/manifests")
                .then().statusCode(422)
                .body("errors.pointer", hasItems("/placement/hub", "/eventTypes/0/name",
                        "/eventTypes/0/targets/0", "/eventTypes/0/schema"));
    }

    @Test
    void unknownManifestIs404() {
        Api.admin().post("/api/v1/manifests/no-such/9/activate")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    /** One version of a manifest is in force: the one activated last, whichever it is. */
    @Test
    void activatingAVersionRetiresTheOtherActiveVersionsOfItsName() {
        String name = fresh();
        register(manifest(name, "ops-" + name + "-seen")).then().statusCode(201);
        register(manifest(name, "ops-" + name + "-seen").replace("version: 1", "version: 2"))
                .then().statusCode(201);
        Api.admin().post("/api/v1/manifests/{n}/2/activate", name).then().statusCode(200);

        Api.admin().post("/api/v1/manifests/{n}/1/activate", name)
                .then().statusCode(200).body("status", equalTo("active"));

        Api.as(Role.READER).get("/api/v1/manifests")
                .then().body("manifests.findAll { it.name == '" + name + "' && it.status == 'active' }"
                        + ".version", org.hamcrest.Matchers.contains("1"))
                .body("manifests.find { it.name == '" + name + "' && it.version == '2' }.status",
                        equalTo("retired"));
    }

    /** Another manifest may not take over an active type, with its schema and targets. */
    @Test
    void activatingAManifestThatRedefinesAnActiveTypeIsConflict() {
        String name = fresh();
        register(manifest(name, "ops-endpoint-verified")).then().statusCode(201);

        Api.admin().post("/api/v1/manifests/{n}/1/activate", name)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/eventTypes/0/name"));
        Api.as(Role.READER).get("/api/v1/event-types")
                .then().body("eventTypes.find { it.name == 'ops-endpoint-verified' }.manifest",
                        equalTo("ops-core@2"));
    }

    /** Without an active definition of the declaration types no inventory could load. */
    @Test
    void retiringTheManifestTheInventoryNeedsIsConflict() {
        Api.admin().post("/api/v1/manifests/ops-core/2/retire")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("ops-entity-declared"));
        Api.as(Role.READER).get("/api/v1/manifests")
                .then().body("manifests.find { it.name == 'ops-core' && it.version == '2' }"
                        + ".status", equalTo("active"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"$ref\": \"#\"}",
        "{\"anyOf\": [{\"$ref\": \"#\"}]}",
        "{\"$dynamicAnchor\": \"n\", \"anyOf\": [{\"$dynamicRef\": \"#n\"}]}",
        "{\"$defs\": {\"p\": {\"$ref\": \"#/$defs/q\"}, \"q\": {\"$ref\": \"#/$defs/p\"}},"
                + " \"properties\": {\"a\": {\"$ref\": \"#/$defs/p\"}}}",
        "{\"$defs\": {\"p\": {\"$anchor\": \"p\", \"not\": {\"$ref\": \"#p\"}}}}"})
    void schemaThatLoopsWithoutReadingTheInstanceIsRefused(String schema) {
        String name = fresh();
        String document = """
                {"name": "%s", "version": 1,
                 "placement": {"hub": "ops-hub", "family": "vsm", "function": "OPS", "system": "S1"},
                 "eventTypes": [{"name": "ops-%s-loop", "description": "d", "targets": ["host"],
                                 "schema": %s}]}""".formatted(name, name, schema);

        Api.admin().contentType(ContentType.JSON).body(document).post("/api/v1/manifests")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem(startsWith("/eventTypes/0/schema")));
        Api.as(Role.READER).get("/api/v1/manifests")
                .then().body("manifests.name", not(hasItem(name)));
    }

    /** Recursion that descends into the instance ends with it, so it is allowed. */
    @Test
    void recursiveSchemaThatDescendsIsAccepted() {
        String name = fresh();
        String document = """
                {"name": "%s", "version": 1,
                 "placement": {"hub": "ops-hub", "family": "vsm", "function": "OPS", "system": "S1"},
                 "eventTypes": [{"name": "ops-%s-tree", "description": "d", "targets": ["host"],
                                 "schema": {"type": "object",
                                            "properties": {"children": {"type": "array",
                                                           "items": {"$ref": "#"}}}}}]}"""
                .formatted(name, name);

        Api.admin().contentType(ContentType.JSON).body(document).post("/api/v1/manifests")
                .then().statusCode(201);
    }

    static io.restassured.response.Response register(String yaml) {
        return Api.admin().contentType("application/yaml").body(yaml.getBytes())
                .post("/api/v1/manifests");
    }

    static String manifest(String name, String type) {
        return """
                name: %s
                version: 1
                placement: {hub: ops-hub, family: vsm, function: OPS, system: S1}
                eventTypes:
                  - name: %s
                    description: Something was seen.
                    targets: [endpoint, host]
                    schema:
                      type: object
                      required: [vsmFunction, vsmSystem, seen]
                      properties:
                        seen: {type: boolean}
                        size: {type: integer, minimum: 0}
                """.formatted(name, type);
    }

    static String fresh() {
        return "m" + UUID.randomUUID().toString().substring(0, 8);
    }

}
