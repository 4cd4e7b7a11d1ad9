package opshub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads request bodies strictly and uniformly: 415 unless JSON, 413 over the limit, 400 for
 * anything that is not exactly one well-formed JSON document (duplicate keys included).
 * Numbers keep their exact decimal form so that what is stored is what was sent.
 */
public final class JsonBodies {

    public static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private JsonBodies() {
    }

    /** Requires nothing; every failure is a {@link ProblemException}. */
    public static JsonNode read(String contentType, byte[] body, long maxBody) {
        requireJson(contentType);
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is empty");
        }
        requireWithin(body.length, maxBody);
        requireUtf8(body);

        try {
            JsonNode document = parse(body);
            if (document == null || document.isMissingNode()) {
                throw new ProblemException(ProblemType.MALFORMED_JSON,
                        "the request body holds only white space");
            }
            return document;
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON,
                    "the body holds a number that cannot be represented: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON,
                    "the body is not valid JSON: " + e.getOriginalMessage()
                            + location(e));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON,
                    "the body could not be read: " + e.getMessage());
        }
    }

    /**
     * Requires {@code body} to be UTF-8. Jackson's byte parser refuses a member name holding
     * an escaped unpaired surrogate (a key written as backslash, u, dc00), though its char
     * parser reads one, and both read one in a value. A body the byte parser refuses is
     * therefore read again as text: for valid UTF-8 the two differ in nothing else, and the
     * storable-text checks then name such a member as they name a value (422, not 400).
     */
    private static JsonNode parse(byte[] body) throws IOException {
        try {
            return STRICT.readTree(body);
        } catch (JsonProcessingException refused) {
            try {
                return STRICT.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw refused;
            }
        }
    }

    /**
     * JSON text is UTF-8 (RFC 8259). The JDK's decoder refuses overlong forms, surrogates and
     * other malformed sequences that a lenient parser would silently decode.
     */
    static void requireUtf8(byte[] body) {
        // the parser would detect UTF-16 or UTF-32 and skip a byte-order mark by itself
        boolean bom = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB
                && body[2] == (byte) 0xBF;
        if (bom || indexOfNul(body) >= 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not UTF-8 JSON:"
                    + (bom ? " it starts with a byte-order mark" : " it holds a NUL byte,"
                            + " as UTF-16 and UTF-32 text does"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // decoded a slice at a time into one small buffer: only the verdict is wanted
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(Math.min(body.length, 4096));
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (!result.isError()) {
            out.clear();
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not valid"
                    + " UTF-8: " + (result.isMalformed() ? "Input length = " : "Unmappable"
                    + " character, length = ") + result.length() + " at byte " + in.position());
        }
    }

    /** A raw NUL never stands in JSON text: inside strings it must be escaped. */
    private static int indexOfNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    public static void requireJson(String contentType) {
        if (!isJson(contentType)) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, got "
                            + (contentType == null ? "none" : contentType));
        }
    }

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    public static void requireWithin(long length, long maxBody) {
        if (length > maxBody) {
            throw new ProblemException(ProblemType.BODY_TOO_LARGE,
                    "the body has " + length + " bytes; at most " + maxBody + " are accepted");
        }
    }

    private static String location(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "";
        }
        return " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
