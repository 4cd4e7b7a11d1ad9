package opshub.probe;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one probe run saw: the answer (status and headers) or why there was none, how long
 * it took, and the certificate chain the server presented (empty for plain HTTP, or when
 * the connection failed before the handshake).
 *
 * @param trustProblem why the JVM's trust store would refuse the chain (or the host name);
 *     empty when it accepts it or there is no chain
 */
public record Observation(Instant startedAt, long latencyMs, Optional<Integer> status,
        Map<String, List<String>> headers, List<X509Certificate> chain,
        Optional<String> trustProblem, Optional<ConnectionFailure> failure) {

    /** Why no answer came: the class of failure and the client's message. */
    public record ConnectionFailure(FailureClass failureClass, String message) {
    }

    /** The stages at which a probe can fail to get an answer. */
    public enum FailureClass {
        DNS, CONNECT, TIMEOUT, TLS, IO;

        public String wire() {
            return name().toLowerCase();
        }
    }

    static Observation failed(Instant startedAt, long latencyMs, List<X509Certificate> chain,
            Optional<String> trustProblem, FailureClass failureClass, String message) {
        return new Observation(startedAt, latencyMs, Optional.empty(), Map.of(), chain,
                trustProblem, Optional.of(new ConnectionFailure(failureClass, message)));
    }
}
