package opshub.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks that JSON can be stored by PostgreSQL as jsonb: text (member names included)
 * without NUL or unpaired surrogates ({@link StorableText}), numbers within the range of
 * {@code numeric}, and, where asked, bounded nesting. Every problem is named by its pointer.
 */
public final class StorableJson {

    /** PostgreSQL numeric: 131072 digits before the decimal point, 16383 after. */
    static final int MAX_INTEGER_DIGITS = 131072;
    static final int MAX_FRACTION_DIGITS = 16383;
    /** The parsers refuse documents nested deeper than this already. */
    private static final int PARSER_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    private StorableJson() {
    }

    /** The document itself; a {@link ProblemException} (422) listing every problem otherwise. */
    public static JsonNode require(JsonNode document) {
        List<FieldError> errors = new ArrayList<>();
        check(document, "", PARSER_DEPTH, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return document;
    }

    /** Adds to {@code errors} what in {@code value}, at pointer {@code at}, cannot be stored. */
    public static void check(JsonNode value, String at, int maxDepth, List<FieldError> errors) {
        check(value, at, maxDepth, maxDepth, errors);
    }

    public static void checkText(String text, String at, List<FieldError> errors) {
        StorableText.problem(text).ifPresent(problem -> errors.add(
                FieldError.of(at, problem, "text with it", "valid Unicode text without NUL")));
    }

    private static void check(JsonNode value, String at, int depthLeft, int maxDepth,
            List<FieldError> errors) {
        if (value.isContainerNode() && depthLeft == 0) {
            errors.add(FieldError.of(at, "nests deeper than " + maxDepth + " levels"));
            return;
        }

        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = JsonPointers.member(at, field.getKey());
                checkText(field.getKey(), child, errors);
                check(field.getValue(), child, depthLeft - 1, maxDepth, errors);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), at + "/" + i, depthLeft - 1, maxDepth, errors);
            }
        } else if (value.isTextual()) {
            checkText(value.asText(), at, errors);
        } else if (value.isNumber()) {
            checkNumber(value, at, errors);
        }
    }

    private static void checkNumber(JsonNode value, String at, List<FieldError> errors) {
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            // YAML reads 1e999999 as infinity, for which JSON, and so jsonb, has no form
            errors.add(FieldError.of(at, "is not a finite number", value.asText(),
                    "a finite number"));
            return;
        }

        BigDecimal number = value.decimalValue();
        // long: a scale near Integer.MIN_VALUE makes the int difference overflow
        long integerDigits = (long) number.precision() - number.scale();
        if (integerDigits > MAX_INTEGER_DIGITS || number.scale() > MAX_FRACTION_DIGITS) {
            errors.add(FieldError.of(at, "is a number out of the storable range",
                    number.toString().length() > 40 ? "a number with exponent "
                            + (-number.scale()) : number.toString(),
                    "at most " + MAX_INTEGER_DIGITS + " integer and " + MAX_FRACTION_DIGITS
                            + " fraction digits"));
        }
    }
}
