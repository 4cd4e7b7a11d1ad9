package opshub.widget;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WidgetTest {

    @Test
    void referenceWidgetsExistAfterStart() {
        Api.as(Role.READER)
                .get("/api/v1/widgets")
                .then().statusCode(200)
                .body("widgets.slug", hasItems("ops-env-local", "ops-env-coulombcore",
                        "ops-env-railiance01", "ops-env-threephoenix-prod", "ops-host-coulombcore",
                        "ops-host-railiance01", "ops-service-catalog", "ops-service-gitea",
                        "ops-service-state-hub", "ops-service-inter-hub",
                        "ops-endpoint-gitea-registry", "ops-readiness-gitea-registry",
                        "ops-readiness-state-hub-cluster-deploy",
                        "ops-migration-coulombcore-to-threephoenix"));
    }

    @Test
    void registeredWidgetHasUuidAndIsFoundByIdOrSlug() {
        String slug = "w-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "kind", "host", "target", "hosts/railiance01"))
                .post("/api/v1/widgets")
                .then().statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("id");

        Api.as(Role.READER).get("/api/v1/widgets/{w}", slug)
                .then().statusCode(200).body("id", equalTo(id));
        Api.as(Role.READER).get("/api/v1/widgets/{w}", id)
                .then().statusCode(200).body("slug", equalTo(slug));
    }

    @Test
    void slugTakenWithOtherTargetIsConflict() {
        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", "ops-service-gitea", "kind", "service",
                        "target", "services/inter-hub"))
                .post("/api/v1/widgets")
                .then().statusCode(409)
                .body("pointer", equalTo("/slug"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "{\"slug\":1,\"kind\":\"view\",\"target\":\"catalog\"}       | /slug",
        "{\"slug\":\"w-n\",\"kind\":true,\"target\":\"catalog\"}    | /kind",
        "{\"slug\":\"w-n\",\"kind\":\"view\",\"target\":[1]}         | /target",
        "[1]                                                        | ''"
    })
    void fieldThatIsNoStringIsRefusedNotConverted(String body, String pointer) {
        Api.admin().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/widgets")
                .then().statusCode(422)
                .body("errors.pointer", hasItems(pointer));
        Api.as(Role.READER).get("/api/v1/widgets/{w}", "1").then().statusCode(404);
    }

    @Test
    void invalidWidgetNamesEachField() {
        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", "Bad Slug", "kind", "spaceship", "target", "x"))
                .post("/api/v1/widgets")
                .then().statusCode(422)
                .body("errors.pointer", hasItems("/slug", "/kind"));
    }

    /** A slug shaped like an id could shadow another widget's id: refused, nothing stored. */
    @Test
    void slugInTheFormOfAUuidIsRefused() {
        String slug = WidgetService.idOf("w-" + UUID.randomUUID()).toString();
        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "kind", "host", "target", "hosts/railiance01"))
                .post("/api/v1/widgets")
                .then().statusCode(422)
                .body("pointer", equalTo("/slug"));

        Api.as(Role.READER).get("/api/v1/widgets/{w}", slug).then().statusCode(404);
    }

    @Test
    void hubSlugIsReserved() {
        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", "ops-hub", "kind", "view", "target", "catalog"))
                .post("/api/v1/widgets")
                .then().statusCode(422)
                .body("pointer", equalTo("/slug"));
    }

    @Test
    void targetMustMatchKind() {
        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("slug", "w-" + UUID.randomUUID().toString().substring(0, 8),
                        "kind", "host", "target", "services/gitea"))
                .post("/api/v1/widgets")
                .then().statusCode(422)
                .body("pointer", equalTo("/target"));
    }

    @Test
    void unknownWidgetIs404() {
        Api.as(Role.READER).get("/api/v1/widgets/{w}", "no-such-widget")
                .then().statusCode(404);
    }

    @Test
    void timelineIsNewestFirst() {
        String widget = Api.freshWidget();
        Object first = post(widget);
        Object second = post(widget);

        Api.as(Role.READER).get("/api/v1/widgets/{w}/timeline", widget)
                .then().statusCode(200)
                .body("timeline.id", org.hamcrest.Matchers.contains(second, first));
    }

    private static Object post(String widget) {
        return Api.as(Role.PROBE).contentType(ContentType.JSON)
                .body(Api.referenceEvent(widget))
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().path("id");
    }
}
