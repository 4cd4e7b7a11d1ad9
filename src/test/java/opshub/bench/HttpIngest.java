package opshub.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes posting the reference event to POST /api/v1/events over HTTP/1.1, each on its own
 * kept-alive connection and waiting for its receipt before it sends the next request.
 *
 * <p>The requests go through the Vert.x HTTP client on one event loop: the JDK's
 * {@code HttpClient} took about 115 µs of CPU per request, more than the server spent on
 * the event, and on a 2-core machine the load generator's CPU is taken from the system it
 * measures (see docs/benchmarks.md).
 */
final class HttpIngest implements LoadRun.Client {

    private static final int TIMEOUT_SECONDS = 30;
    private static final int CREATED = 201;

    private final Shared shared;
    private final RequestOptions request;
    private final int eventsPerRequest;

    /** The event loop and connection pool all clients of one scenario share. */
    private record Shared(Vertx vertx, HttpClient http, AtomicBoolean closed) {
    }

    private HttpIngest(Shared shared, RequestOptions request, int eventsPerRequest) {
        this.shared = shared;
        this.request = request;
        this.eventsPerRequest = eventsPerRequest;
    }

    /**
     * {@code clients} probes sending {@code eventsPerRequest} events per request: a single
     * envelope when that is 1, as most probes do, else an array.
     */
    static List<HttpIngest> clients(URI events, String token, int clients,
            int eventsPerRequest) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
                .setWorkerPoolSize(1));
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setConnectTimeout(TIMEOUT_SECONDS * 1000),
                new PoolOptions().setHttp1MaxSize(clients));
        Shared shared = new Shared(vertx, http, new AtomicBoolean());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost(events.getHost()).setPort(events.getPort()).setURI(events.getPath())
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .setTimeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        List<HttpIngest> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(new HttpIngest(shared, request, eventsPerRequest));
        }
        return all;
    }

    @Override
    public int call() throws Exception {
        Buffer body = Buffer.buffer(eventsPerRequest == 1 ? ReferenceEvent.envelope()
                : ReferenceEvent.batch(eventsPerRequest));
        Answer answer = shared.http().request(request)
                .compose(sent -> sent.send(body))
                .compose(response -> response.body().map(read -> new Answer(response, read)))
                .toCompletionStage().toCompletableFuture()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (answer.response().statusCode() != CREATED) {
            throw new IllegalStateException("POST " + request.getURI() + " answered "
                    + answer.response().statusCode() + ", want " + CREATED + ": "
                    + answer.body());
        }
        return eventsPerRequest;
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    /** Every client of a scenario closes the shared client; the first close ends it. */
    @Override
    public void close() {
        if (shared.closed().compareAndSet(false, true)) {
            shared.vertx().close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
