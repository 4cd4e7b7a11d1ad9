package opshub.security;

import static io.restassured.RestAssured.given;
import static opshub.testing.Api.freshWidget;
import static opshub.testing.Api.referenceEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import opshub.testing.Api;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void missingTokenIs401Problem() {
        given().get("/api/v1/events")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"ops-hub\"")
                .body("type", equalTo("urn:ops-hub:problem:unauthorized"));
    }

    @Test
    void unknownTokenIs401() {
        given().auth().oauth2("not-a-token")
                .get("/api/v1/events")
                .then().statusCode(401);
    }

    @Test
    void probeCannotRead() {
        Api.as(Role.PROBE)
                .get("/api/v1/events")
                .then().statusCode(403)
                .body("type", equalTo("urn:ops-hub:problem:forbidden"));
    }

    @Test
    void readerCannotAppend() {
        Api.as(Role.READER)
                .contentType(ContentType.JSON)
                .body(referenceEvent(freshWidget()))
                .post("/api/v1/events")
                .then().statusCode(403);
    }

    @Test
    void auditorCanRead() {
        Api.as(Role.AUDITOR)
                .get("/api/v1/events")
                .then().statusCode(200);
    }

    @Test
    void onlyAdminManagesTokens() {
        Api.as(Role.AUDITOR)
                .get("/api/v1/tokens")
                .then().statusCode(403);
    }

    @Test
    void sourceIsTheTokenName() {
        String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        String token = issue(name, "probe");
        UUID id = UUID.randomUUID();
        Map<String, Object> event = new java.util.HashMap<>(referenceEvent(freshWidget()));
        event.put("id", id.toString());

        given().auth().oauth2(token)
                .contentType(ContentType.JSON)
                .body(event)
                .post("/api/v1/events")
                .then().statusCode(201);

        Api.admin().get("/api/v1/events/{id}", id)
                .then().body("source", equalTo(name));
    }

    @Test
    void issuedTokenIsListedWithoutSecretAndRevocable() {
        String name = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        String token = issue(name, "reader");
        given().auth().oauth2(token).get("/api/v1/events").then().statusCode(200);

        Api.admin().get("/api/v1/tokens")
                .then().statusCode(200)
                .body("name", hasItem(name))
                .body("find { it.name == '" + name + "' }.token", nullValue());

        Api.admin().delete("/api/v1/tokens/{name}", name).then().statusCode(204);

        given().auth().oauth2(token).get("/api/v1/events").then().statusCode(401);
    }

    @Test
    void tokenIsStoredOnlyAsHash() throws Exception {
        String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        String token = issue(name, "probe");

        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", password);
                PreparedStatement query = db.prepareStatement(
                        "SELECT token_hash FROM api_token WHERE name = ?")) {
            query.setString(1, name);
            ResultSet row = query.executeQuery();
            row.next();
            byte[] stored = row.getBytes(1);
            assertFalse(Arrays.equals(stored, token.getBytes(StandardCharsets.UTF_8)));
            assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(token));
        }
    }

    @Test
    void duplicateTokenNameIs409() {
        String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        issue(name, "reader");

        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", "reader"))
                .post("/api/v1/tokens")
                .then().statusCode(409)
                .body("pointer", equalTo("/name"));
    }

    @Test
    void unknownRoleIs422NamingRole() {
        Api.admin().contentType(ContentType.JSON)
                .body(Map.of("name", "x-" + UUID.randomUUID().toString().substring(0, 8),
                        "role", "superuser"))
                .post("/api/v1/tokens")
                .then().statusCode(422)
                .body("pointer", equalTo("/role"));
    }

    @Test
    void revokingUnknownTokenIs404() {
        Api.admin().delete("/api/v1/tokens/{name}", "no-such-token")
                .then().statusCode(404)
                .body("type", not(nullValue()));
    }

    private static String issue(String name, String role) {
        return Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
