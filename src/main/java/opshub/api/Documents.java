package opshub.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The documents ops-hub is given to store, other than events: the bodies of the admin
 * endpoints (widgets, tokens, and manifests and inventory files, which may be YAML too) and
 * the files loaded at start. Every document returned can be stored by PostgreSQL; one
 * holding NUL, an unpaired surrogate or a number beyond {@code numeric} is refused (422)
 * naming each place, before anything reads it.
 */
public final class Documents {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Documents() {
    }

    /** A JSON or YAML document, by its content type. */
    public static JsonNode read(String contentType, byte[] body, long maxBody) {
        if (!isYaml(contentType)) {
            return readJson(contentType, body, maxBody);
        }
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is empty");
        }
        JsonBodies.requireWithin(body.length, maxBody);
        return parseYaml(body);
    }

    /** A JSON document; any other content type is a 415. */
    public static JsonNode readJson(String contentType, byte[] body, long maxBody) {
        return StorableJson.require(JsonBodies.read(contentType, body, maxBody));
    }

    /** One document; a key given twice, or a second document after {@code ---}, is refused. */
    public static JsonNode parseYaml(byte[] body) {
        try (JsonParser parser = YAML.createParser(body)) {
            refuseAliases(body);
            JsonNode node = YAML.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the document is empty");
            }
            if (parser.nextToken() != null) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the body holds more than"
                        + " one YAML document; send one");
            }
            return StorableJson.require(node);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON,
                    "the body is not valid YAML: " + e.getMessage().lines().findFirst()
                            .orElse(""));
        }
    }

    /**
     * The YAML reader gives an alias ({@code *name}) as the text of its name, not as the
     * value it stands for: a document using one would be stored with other content than
     * it says. Refused, naming each alias (anchors alone are harmless).
     */
    private static void refuseAliases(byte[] body) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.createParser(body)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    errors.add(FieldError.of(parser.getParsingContext().pathAsPointer()
                            .toString(), "is a YAML alias; aliases are not supported",
                            "*" + parser.getText(), "the value written out"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
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
