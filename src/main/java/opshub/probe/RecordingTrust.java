package opshub.probe;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts every server certificate chain but records it, and records whether the JVM's own
 * trust manager (trust store and host name) would have accepted it. A probe must see the
 * chain of a self-signed or expiring server to report on it, so the handshake never fails
 * on trust; the probe decides afterwards what the recorded verdict means. One instance per
 * connection: it remembers the last chain it saw.
 */
final class RecordingTrust extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager system;
    private volatile List<X509Certificate> chain = List.of();
    private volatile String problem;

    private RecordingTrust(X509ExtendedTrustManager system) {
        this.system = system;
    }

    static RecordingTrust create() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return new RecordingTrust(extended);
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JVM's trust store", e);
        }
    }

    SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }

    List<X509Certificate> chain() {
        return chain;
    }

    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType,
            SSLEngine engine) {
        record(certificates);
        try {
            system.checkServerTrusted(certificates, authType, engine);
        } catch (CertificateException | RuntimeException e) {
            problem = String.valueOf(e.getMessage());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType,
            Socket socket) {
        record(certificates);
        try {
            system.checkServerTrusted(certificates, authType, socket);
        } catch (CertificateException | RuntimeException e) {
            problem = String.valueOf(e.getMessage());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) {
        record(certificates);
        try {
            system.checkServerTrusted(certificates, authType);
        } catch (CertificateException | RuntimeException e) {
            problem = String.valueOf(e.getMessage());
        }
    }

    private void record(X509Certificate[] certificates) {
        chain = certificates == null ? List.of() : List.of(certificates);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a probe does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a probe does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        throw new CertificateException("a probe does not accept client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
