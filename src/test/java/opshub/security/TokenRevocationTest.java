package opshub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * A token issued or revoked counts at once on the server that did it, also while other
 * clients' requests make that server read the stored tokens at the same moments. Each
 * test runs its rounds while four readers poll the catalog with a token of their own.
 */
@QuarkusTest
class TokenRevocationTest {

    private static final int ROUNDS = 20;
    private static final int READERS = 4;

    @TestHTTPResource("/api/v1/catalog")
    URI catalog;

    @Test
    void revokedTokenIsRefusedAtOnceWhileOthersRead() throws Exception {
        List<String> accepted = whileOthersRead(() -> {
            List<String> late = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String name = freshName();
                String token = issue(name);
                await().atMost(Duration.ofSeconds(10)).until(() -> status(token) == 200);

                Api.admin().delete("/api/v1/tokens/{name}", name).then().statusCode(204);

                int status = status(token);
                if (status != 401) {
                    late.add("round " + round + ": revoked token answered " + status);
                }
            }
            return late;
        });

        assertEquals(List.of(), accepted);
    }

    @Test
    void issuedTokenIsAcceptedAtOnceWhileOthersRead() throws Exception {
        List<String> refused = whileOthersRead(() -> {
            List<String> late = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String token = issue(freshName());

                int status = status(token);
                if (status != 200) {
                    late.add("round " + round + ": new token answered " + status);
                }
            }
            return late;
        });

        assertEquals(List.of(), refused);
    }

    /** What {@code rounds} returns, run while {@link #READERS} threads read the catalog. */
    private List<String> whileOthersRead(Supplier<List<String>> rounds) throws Exception {
        String reader = Api.issue(Role.READER);
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(pool.submit(() -> {
                    while (!done.get()) {
                        assertEquals(200, get(http, reader));
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            await().until(() -> reads.get() >= READERS);

            List<String> result = rounds.get();

            done.set(true);
            for (Future<?> future : readers) {
                future.get(30, TimeUnit.SECONDS);
            }
            return result;
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    private int get(HttpClient http, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(catalog)
                .header("Authorization", "Bearer " + token)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int status(String token) {
        return RestAssured.given().auth().oauth2(token).get("/api/v1/catalog").statusCode();
    }

    private static String issue(String name) {
        return Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", "reader"))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }

    private static String freshName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
