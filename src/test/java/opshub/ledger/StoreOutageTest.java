package opshub.ledger;

import static io.restassured.RestAssured.given;
import static opshub.testing.Api.freshWidget;
import static opshub.testing.Api.referenceEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.PostgresControl;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** While PostgreSQL is down: 503 with Retry-After, never 500; afterwards it recovers alone. */
@QuarkusTest
class StoreOutageTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void unreachableStoreIs503AndRecovers() throws Exception {
        String widget = freshWidget();
        Api.as(Role.PROBE).contentType(ContentType.JSON).body(referenceEvent(widget))
                .post("/api/v1/events").then().statusCode(201);
        PostgresControl postgres = PostgresControl.of(jdbcUrl, password);

        postgres.stop();
        try {
            Api.admin().contentType(ContentType.JSON).body(referenceEvent(widget))
                    .post("/api/v1/events")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("type", equalTo("urn:ops-hub:problem:store-unavailable"));
            Api.admin().get("/api/v1/widgets/{w}/events", widget)
                    .then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            postgres.start();
        }

        assertEquals(201, appendUntilAccepted(widget));
        Api.admin().get("/api/v1/widgets/{w}/events", widget)
                .then().statusCode(200)
                .body("events.size()", equalTo(2));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /** The pool reconnects by itself; give it a few attempts. */
    private static int appendUntilAccepted(String widget) throws InterruptedException {
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 201; attempt++) {
            status = Api.admin().contentType(ContentType.JSON).body(referenceEvent(widget))
                    .post("/api/v1/events").statusCode();
            if (status != 201) {
                assertEquals(503, status, "only 503 while recovering");
                Thread.sleep(200);
            }
        }
        return status;
    }
}
