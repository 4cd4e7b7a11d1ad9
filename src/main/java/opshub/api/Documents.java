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
import java.util.regex.Pattern;

/**
 * The documents ops-hub is given to store, other than events: the bodies of the admin
 * endpoints (widgets, tokens, and manifests and inventory files, which may be YAML too) and
 * the files loaded at start. Every document returned can be stored by PostgreSQL; one
 * holding NUL, an unpaired surrogate or a number beyond {@code numeric} is refused (422)
 * naming each place, before anything reads it.
 */
public final class Documents {

    /** yes, no, on, off stay words (YAML 1.2), not the booleans YAML 1.1 made of them. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();
    /** A plain number written as JSON would write it; others are read as YAML 1.1 did. */
    private static final Pattern JSON_NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

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
            refuseUnreadable(body);
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
     * What the YAML reader would turn into other content than the document says, refused
     * with each place named: an alias ({@code *name}), which it gives as the text of its
     * name; a tag ({@code !foo}), which it drops; a number in a YAML 1.1 form ({@code 010}
     * read as 8, {@code 0x10}, {@code 1_000}). Anchors alone are harmless.
     */
    private static void refuseUnreadable(byte[] body) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.createParser(body)) {
            while (parser.nextToken() != null) {
                String at = parser.getParsingContext().pathAsPointer().toString();
                if (parser.isCurrentAlias()) {
                    errors.add(FieldError.of(at, "is a YAML alias; aliases are not supported",
                            "*" + parser.getText(), "the value written out"));
                } else if (parser.getTypeId() != null) {
                    errors.add(FieldError.of(at, "has a YAML tag; tags are not supported",
                            "!" + parser.getTypeId(), "the value without a tag"));
                } else if (parser.currentToken().isNumeric()
                        && !JSON_NUMBER.matcher(parser.getText()).matches()) {
                    errors.add(FieldError.of(at, "is a number in a YAML 1.1 form, which"
                            + " reads as " + parser.getNumberValue(), parser.getText(),
                            "a decimal number, or text in quotes"));
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
