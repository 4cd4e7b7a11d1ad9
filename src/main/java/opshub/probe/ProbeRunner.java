package opshub.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import opshub.probe.Observation.FailureClass;

/**
 * Runs one probe: resolves the host, sends the request and waits for the status line and
 * headers, all within the probe's timeout, which bounds the whole run however the server
 * misbehaves (a server that accepts and never answers costs exactly the timeout). The body
 * is not read. Each run uses a client of its own, so every run makes a new TLS handshake and
 * records the chain. Redirects are not followed: a redirect is an answer to check.
 */
public final class ProbeRunner {

    static final String USER_AGENT = "ops-hub-probe";

    private final Executor lookups;

    /** {@code lookups} runs the (blocking) DNS lookups, so a slow resolver cannot hold on. */
    public ProbeRunner(Executor lookups) {
        this.lookups = lookups;
    }

    /** Never throws for the endpoint's failures: they are part of the observation. */
    public Observation observe(ProbeSpec spec, Duration timeout) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String host = spec.url().getHost();

        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(
                () -> resolve(host), lookups);
        try {
            lookup.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            return Observation.failed(started, millisSince(start), List.of(), Optional.empty(),
                    FailureClass.TIMEOUT, "no DNS answer for " + host + " within " + timeout);
        } catch (ExecutionException e) {
            return Observation.failed(started, millisSince(start), List.of(), Optional.empty(),
                    FailureClass.DNS, "cannot resolve " + host + ": " + message(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.failed(started, millisSince(start), List.of(), Optional.empty(),
                    FailureClass.TIMEOUT, "interrupted while resolving " + host);
        }

        return exchange(spec, timeout, started, start, deadline);
    }

    private Observation exchange(ProbeSpec spec, Duration timeout, Instant started, long start,
            long deadline) {
        RecordingTrust trust = RecordingTrust.create();
        Duration left = Duration.ofNanos(Math.max(1_000_000, remaining(deadline)));
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trust.context())
                .connectTimeout(left)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(spec.url())
                .method(spec.method(), HttpRequest.BodyPublishers.noBody())
                .timeout(left)
                .header("User-Agent", USER_AGENT)
                .build();
        CompletableFuture<HttpResponse<InputStream>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = answer.get(remaining(deadline),
                    TimeUnit.NANOSECONDS);
            long latency = millisSince(start);
            closeQuietly(response.body());
            return new Observation(started, latency, Optional.of(response.statusCode()),
                    response.headers().map(), trust.chain(), trust.problem(), Optional.empty());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return Observation.failed(started, millisSince(start), trust.chain(),
                    trust.problem(), FailureClass.TIMEOUT, "no answer within " + timeout);
        } catch (ExecutionException e) {
            FailureClass failureClass = classify(e.getCause());
            return Observation.failed(started, millisSince(start), trust.chain(),
                    trust.problem(), failureClass, message(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return Observation.failed(started, millisSince(start), trust.chain(),
                    trust.problem(), FailureClass.TIMEOUT, "interrupted");
        }
    }

    /** TLS first: the client reports a failed handshake as a connect failure caused by it. */
    static FailureClass classify(Throwable failure) {
        if (causedBy(failure, SSLException.class)) {
            return FailureClass.TLS;
        }
        if (causedBy(failure, HttpTimeoutException.class)) {
            return FailureClass.TIMEOUT;
        }
        if (causedBy(failure, UnknownHostException.class)
                || causedBy(failure, UnresolvedAddressException.class)) {
            return FailureClass.DNS;
        }
        if (causedBy(failure, ConnectException.class)
                || causedBy(failure, NoRouteToHostException.class)) {
            return FailureClass.CONNECT;
        }
        return FailureClass.IO;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }

    /** The innermost message that says something, with the exception's simple kind. */
    static String message(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null && message == null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : "connection failed without a message";
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the body is not needed; a failure to discard it changes nothing
        }
    }
}
