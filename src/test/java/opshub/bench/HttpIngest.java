package opshub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes posting the reference event to POST /api/v1/events over HTTP/1.1, each on its own
 * kept-alive connection and waiting for its receipt before it sends the next request.
 */
final class HttpIngest implements LoadRun.Client {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CREATED = 201;

    private final HttpClient http;
    private final URI events;
    private final String token;
    private final int eventsPerRequest;

    private HttpIngest(HttpClient http, URI events, String token, int eventsPerRequest) {
        this.http = http;
        this.events = events;
        this.token = token;
        this.eventsPerRequest = eventsPerRequest;
    }

    /**
     * {@code clients} probes sending {@code eventsPerRequest} events per request: a single
     * envelope when that is 1, as most probes do, else an array.
     */
    static List<HttpIngest> clients(URI events, String token, int clients,
            int eventsPerRequest) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();
        List<HttpIngest> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(new HttpIngest(http, events, token, eventsPerRequest));
        }
        return all;
    }

    @Override
    public int call() throws IOException, InterruptedException {
        String body = eventsPerRequest == 1 ? ReferenceEvent.envelope()
                : ReferenceEvent.batch(eventsPerRequest);
        HttpRequest request = HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> receipt = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (receipt.statusCode() != CREATED) {
            throw new IllegalStateException("POST " + events + " answered "
                    + receipt.statusCode() + ", want " + CREATED + ": " + receipt.body());
        }
        return eventsPerRequest;
    }
}
