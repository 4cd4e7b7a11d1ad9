package opshub.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTP and HTTPS servers on loopback for probe tests, each closed with the instance: servers
 * that answer a fixed status and headers (HTTPS with a self-signed certificate made by
 * keytool, valid for a given number of days), a server that accepts connections and never
 * answers, and a port nothing listens on.
 */
final class LoopbackServers implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private final List<AutoCloseable> open = new ArrayList<>();

    /** An answer a test server gives; a test may change it between runs. */
    static final class Answer implements HttpHandler {
        volatile int status;
        volatile Map<String, List<String>> headers;

        Answer(int status, Map<String, List<String>> headers) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            headers.forEach((name, values) -> values.forEach(
                    value -> exchange.getResponseHeaders().add(name, value)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        }
    }

    String http(Answer answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
        return start(server, answer, "http");
    }

    /** An HTTPS server whose self-signed certificate is valid for {@code days} from now. */
    String https(Answer answer, int days) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(selfSigned(days)));
        return start(server, answer, "https");
    }

    /** Accepts connections and never answers; they stay open until close. */
    String hanging() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, loopback());
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    accepted.add(socket.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "hanging-server");
        acceptor.setDaemon(true);
        acceptor.start();
        open.add(() -> {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    /** A port that was free a moment ago and nothing listens on. */
    static String refused() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }
    }

    private String start(HttpServer server, Answer answer, String scheme) {
        server.createContext("/", answer);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        open.add(() -> server.stop(0));
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/v2/";
    }

    private static SSLContext selfSigned(int days) throws Exception {
        Path dir = Files.createTempDirectory("probe-tls-");
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", String.valueOf(days),
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: "
                    + new String(process.getInputStream().readAllBytes()));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(
                KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }
}
