package opshub.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal Server-Sent Events client for tests: it parses messages as the SSE specification
 * says (fields until a blank line, comments start with a colon) and disconnects on close.
 */
final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();

    /** One dispatched message: its id and its data. */
    record Message(String id, String data) {
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader lines;
    private final List<String> comments = new ArrayList<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8));
    }

    static SseClient open(URI uri, String token, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return new SseClient(HTTP.send(request.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next message with data, or null at the end of the stream. */
    Message next() throws IOException {
        Optional<Message> next;
        while ((next = poll()) != null) {
            if (next.isPresent()) {
                return next.get();
            }
        }
        return null;
    }

    /**
     * The next message, or empty when a heartbeat comment arrives first, so an
     * idle stream does not block the caller for good; null at the end of the stream.
     */
    Optional<Message> poll() throws IOException {
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Message(id, data.toString()));
                }
                continue;
            }
            if (line.startsWith(":")) {
                comments.add(line.substring(1).trim());
                if (line.substring(1).trim().equals("heartbeat")) {
                    return Optional.empty();
                }
                continue;
            }
            String[] field = line.split(":", 2);
            String value = field.length < 2 ? "" : field[1].startsWith(" ")
                    ? field[1].substring(1) : field[1];
            if (field[0].equals("id")) {
                id = value;
            } else if (field[0].equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return null;
    }

    /** Reads until a comment line with this text arrives; false at the end of the stream. */
    boolean awaitComment(String text) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith(":") && line.substring(1).trim().equals(text)) {
                return true;
            }
        }
        return false;
    }

    List<String> comments() {
        return comments;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
