package opshub.manifest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

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
                """.formatted(name, type);
    }

    static String fresh() {
        return "m" + UUID.randomUUID().toString().substring(0, 8);
    }

}
