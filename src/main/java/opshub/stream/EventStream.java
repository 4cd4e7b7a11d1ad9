package opshub.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import opshub.api.Params;
import opshub.api.Problem;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
import opshub.api.StoreUnavailableException;
import opshub.ledger.Ledger;
import opshub.ledger.LedgerReader;
import opshub.ledger.RecordedEvent;
import opshub.security.Caller;
import opshub.security.Role;
import opshub.security.TokenRegistry;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/events/stream}: the ledger as Server-Sent Events, one event per ledger
 * event, its SSE id the position. A subscriber only ever reads the ledger after the last
 * position it sent ({@link LedgerReader#after}), so catch-up and live delivery are one loop
 * and neither a gap nor a duplicate can appear where one turns into the other: a commit (or
 * the head poll, for other replicas' commits) merely wakes the loop. Because commit order
 * equals position order, nothing can later commit below a position already sent.
 *
 * <p>Served as a plain Vert.x route rather than a JAX-RS resource so that it controls its
 * writes: it reads the next page only once the connection has taken the previous one, and
 * drops a subscriber whose connection stays full (see {@link StreamSubscriber}).
 */
@ApplicationScoped
public class EventStream {

    static final String PATH = "/api/v1/events/stream";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final String BEARER = "Bearer ";
    /** Events read per page; a page also stops at {@link LedgerReader#MAX_PAGE_BYTES}. */
    private static final int PAGE = 100;

    private final LedgerReader reader;
    private final TokenRegistry tokens;
    private final ObjectMapper json;
    private final StreamConfig config;
    private final Vertx vertx;
    private final Set<StreamSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Counter dropped;

    EventStream(LedgerReader reader, Ledger ledger, TokenRegistry tokens, ObjectMapper json,
            StreamConfig config, Vertx vertx, MeterRegistry registry) {
        this.reader = reader;
        this.tokens = tokens;
        this.json = json;
        this.config = config;
        this.vertx = vertx;
        ledger.onAppended(this::headAt);
        Gauge.builder("opshub.stream.subscribers", subscribers, Set::size)
                .description("Open connections to /api/v1/events/stream")
                .register(registry);
        this.dropped = Counter.builder("opshub.stream.dropped")
                .description("Stream subscribers dropped because they did not keep up")
                .register(registry);
    }

    void route(@Observes Router router) {
        router.get(PATH).handler(this::open);
    }

    /** Wakes every subscriber behind {@code head}; called from any thread. */
    void headAt(long head) {
        subscribers.forEach(subscriber -> subscriber.headAt(head));
    }

    /**
     * Closes the streams whose token was revoked (or lost the reader role) since they
     * opened: a stream is authorised as long as it is open, not only when it opens. The
     * registry re-reads stored tokens every few seconds, so this follows a revocation on
     * another replica as a new request would.
     */
    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recheckTokens() {
        if (subscribers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(List.copyOf(subscribers))
                .onItem().transformToUniAndConcatenate(subscriber -> tokens
                        .authenticate(subscriber.token())
                        .invoke(caller -> {
                            if (caller.isEmpty() || !caller.get().role().permits(Role.READER)) {
                                LOG.infof("stream of a revoked token closed at position %d",
                                        subscriber.position());
                                subscriber.revoked();
                            }
                        }))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("stream token check failed: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Finds events other replicas appended; this replica's own commits wake at once. */
    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pollHead() {
        if (subscribers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return reader.head().invoke(this::headAt).replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("stream head poll failed: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void open(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        Optional<String> token = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            unauthorized(routing, "send Authorization: Bearer <token>");
            return;
        }

        tokens.authenticate(token.get()).subscribe().with(
                caller -> context.runOnContext(v -> authenticated(routing, caller)),
                failure -> context.runOnContext(v -> failed(routing, failure)));
    }

    private void authenticated(RoutingContext routing, Optional<Caller> caller) {
        if (caller.isEmpty()) {
            unauthorized(routing, "the bearer token is not valid");
            return;
        }
        if (!caller.get().role().permits(Role.READER)) {
            problem(routing, Problem.of(ProblemType.FORBIDDEN, "token " + caller.get().name()
                    + " has role " + caller.get().role().wire() + "; this needs reader"));
            return;
        }
        Optional<Long> after;
        try {
            after = startAfter(routing.request());
        } catch (ProblemException e) {
            problem(routing, Problem.of(e));
            return;
        }

        Context context = Vertx.currentContext();
        String token = bearer(routing.request().getHeader(HttpHeaders.AUTHORIZATION)).orElseThrow();
        reader.head().subscribe().with(
                head -> context.runOnContext(v -> {
                    if (after.isPresent() && after.get() > head) {
                        // a position from another (reset or restored) ledger: continuing
                        // after it would silently skip every event up to it
                        String name = routing.request().getHeader(LAST_EVENT_ID) != null
                                ? LAST_EVENT_ID : "after";
                        problem(routing, Problem.of(ProblemException.badParameter(name,
                                "is beyond the ledger's head", after.get(), "at most " + head)));
                        return;
                    }
                    // no position given: only events from now on
                    subscribe(routing, caller.get(), token, after.orElse(head));
                }),
                failure -> context.runOnContext(v -> failed(routing, failure)));
    }

    /**
     * The position to continue after: {@code Last-Event-ID} (sent by a reconnecting client)
     * wins over {@code after} (the position the client first asked for), the one query
     * parameter the stream takes.
     */
    static Optional<Long> startAfter(HttpServerRequest request) {
        Params.onlyDeclared(query(request), Set.of("after"));

        String lastEventId = request.getHeader(LAST_EVENT_ID);
        if (lastEventId != null && !lastEventId.isBlank()) {
            return Optional.of(Params.position(LAST_EVENT_ID, lastEventId.trim(), 0));
        }
        String after = request.getParam("after");
        if (after == null) {
            return Optional.empty();
        }
        if (after.isEmpty()) {
            throw ProblemException.badParameter("after", "must be a position, 0 or more",
                    after, ">= 0");
        }
        return Optional.of(Params.position("after", after, 0));
    }

    private static Map<String, List<String>> query(HttpServerRequest request) {
        Map<String, List<String>> query = new HashMap<>();
        request.params().names().forEach(name -> query.put(name, request.params().getAll(name)));
        return query;
    }

    private void subscribe(RoutingContext routing, Caller caller, String token, long after) {
        if (routing.response().closed()) {
            return;
        }
        StreamSubscriber subscriber = new StreamSubscriber(this, routing.response(),
                Vertx.currentContext(), token, after);
        subscribers.add(subscriber);
        LOG.debugf("stream opened [%s] after position %d", caller.name(), after);
        subscriber.start();
    }

    Uni<List<RecordedEvent>> page(long after) {
        return reader.after(after, PAGE, null, null);
    }

    /** One SSE message: the id is the position, the data the event as the replay shows it. */
    Buffer message(RecordedEvent event) {
        try {
            byte[] data = json.writeValueAsBytes(LedgerReader.view(event));
            Buffer message = Buffer.buffer(data.length + 32);
            message.appendString("id: " + event.position() + "\ndata: ");
            message.appendBytes(data);
            return message.appendString("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event at position " + event.position()
                    + " cannot be written as JSON", e);
        }
    }

    StreamConfig config() {
        return config;
    }

    Vertx vertx() {
        return vertx;
    }

    void closed(StreamSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    void dropped(StreamSubscriber subscriber, long position) {
        dropped.increment();
        LOG.infof("stream subscriber dropped at position %d: its connection took nothing for %s",
                position, config.stallTimeout());
    }

    private static Optional<String> bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.substring(BEARER.length()).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).trim());
    }

    private void unauthorized(RoutingContext routing, String detail) {
        routing.response().putHeader("WWW-Authenticate", "Bearer realm=\"ops-hub\"");
        problem(routing, Problem.of(ProblemType.UNAUTHORIZED, detail));
    }

    private void failed(RoutingContext routing, Throwable failure) {
        LOG.warnf("stream could not start: %s", failure.getMessage());
        routing.response().putHeader("Retry-After",
                String.valueOf(StoreUnavailableException.RETRY_AFTER_SECONDS));
        problem(routing, Problem.of(ProblemType.STORE_UNAVAILABLE,
                "the ledger cannot be read now; retry"));
    }

    private void problem(RoutingContext routing, Problem problem) {
        if (routing.response().closed()) {
            return;
        }
        try {
            routing.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(Buffer.buffer(json.writeValueAsString(problem)
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem cannot be written as JSON", e);
        }
    }
}
