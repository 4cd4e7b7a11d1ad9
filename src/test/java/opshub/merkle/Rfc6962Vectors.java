package opshub.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** Loads the transparency-dev/merkle test vectors from test resources rfc6962/. */
final class Rfc6962Vectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rfc6962Vectors() {
    }

    /** One vector file: its name relative to its kind folder ("1/happy-path.json"). */
    record Vector(String name, JsonNode json) {

        boolean wantErr() {
            return json.get("wantErr").asBoolean();
        }

        /**
         * Returns a size or index field. JSON holds Go uint64 values; values above
         * Long.MAX_VALUE keep their bit pattern and so become negative, which every Java
         * caller rejects just as Go rejects them for being too large.
         */
        long number(String field) {
            BigInteger value = json.get(field).bigIntegerValue();
            return value.longValue();
        }

        /** Returns a base64 field's bytes; JSON null and "" both mean no bytes. */
        byte[] bytes(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? new byte[0]
                    : Base64.getDecoder().decode(node.asText());
        }

        /** Returns the proof hashes; JSON null means an empty proof. */
        List<byte[]> proof() {
            List<byte[]> proof = new ArrayList<>();
            JsonNode node = json.get("proof");
            if (node != null && !node.isNull()) {
                node.forEach(hash -> proof.add(Base64.getDecoder().decode(hash.asText())));
            }
            return proof;
        }
    }

    /** Returns every vector of {@code kind} ("inclusion" or "consistency"), sorted by name. */
    static List<Vector> load(String kind) {
        Path root = resourceDirectory("rfc6962/" + kind);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".json"))
                    .sorted()
                    .map(path -> read(root, path))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Vector read(Path root, Path file) {
        try {
            String name = root.relativize(file).toString().replace('\\', '/');
            return new Vector(name, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector " + file, e);
        }
    }

    private static Path resourceDirectory(String name) {
        URL url = Rfc6962Vectors.class.getClassLoader().getResource(name);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("test resource directory " + name
                    + ": got " + url + ", want a directory on the file system");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
