package opshub.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Locale;

/** Request bodies that may be YAML or JSON (manifests, inventory files). */
public final class Documents {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Documents() {
    }

    public static JsonNode read(String contentType, byte[] body, long maxBody) {
        if (!isYaml(contentType)) {
            return JsonBodies.read(contentType, body, maxBody);
        }
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is empty");
        }
        JsonBodies.requireWithin(body.length, maxBody);
        return parseYaml(body);
    }

    /** One document; a key given twice, or a second document after {@code ---}, is refused. */
    public static JsonNode parseYaml(byte[] body) {
        try (JsonParser parser = YAML.createParser(body)) {
            JsonNode node = YAML.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the document is empty");
            }
            if (parser.nextToken() != null) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the body holds more than"
                        + " one YAML document; send one");
            }
            return node;
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON,
                    "the body is not valid YAML: " + e.getMessage().lines().findFirst()
                            .orElse(""));
        }
    }

    private static boolean isYaml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/yaml") || type.equals("application/x-yaml")
                || type.equals("text/yaml") || type.equals("text/x-yaml");
    }
}
