package opshub.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Parses query and path parameters; a bad one is a 400 naming the parameter. */
public final class Params {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    /**
     * The earliest time a client may name. RFC 3339 years start at 0001; an earlier instant
     * (year 0000 reached through an offset, or a negative year) would be recorded or
     * compared under a year RFC 3339 cannot write.
     */
    public static final Instant EARLIEST_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private Params() {
    }

    public static long position(String name, String value, long fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long position = Long.parseLong(value);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badParameter(name, "must be a position, 0 or more", value,
                ">= 0");
    }

    public static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badParameter("limit", "must be 1 to " + MAX_LIMIT, value,
                "1.." + MAX_LIMIT);
    }

    /**
     * Refuses a query parameter the endpoint does not declare, and a declared one given
     * more than once: a mistyped filter would otherwise be ignored and the answer come
     * unfiltered, and of two values one would be dropped unseen. Every parameter of the API
     * takes a single value.
     */
    public static void onlyDeclared(Map<String, List<String>> query, Set<String> declared) {
        String allowed = declared.isEmpty() ? "no query parameters"
                : "one of " + String.join(", ", new TreeSet<>(declared));
        List<FieldError> errors = new ArrayList<>();
        new TreeMap<>(query).forEach((name, values) -> {
            if (!declared.contains(name)) {
                errors.add(FieldError.parameter(name, "is not a parameter of this endpoint",
                        name, allowed));
            } else if (values.size() > 1) {
                errors.add(FieldError.parameter(name, "is given " + values.size()
                        + " times; it takes one value", values, "one value"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badParameters(errors);
        }
    }

    public static UUID uuid(String name, String value) {
        if (value == null || !isUuid(value)) {
            throw ProblemException.badParameter(name, "must be a UUID", value,
                    "8-4-4-4-12 hexadecimal digits");
        }
        return UUID.fromString(value);
    }

    /**
     * Whether {@code text} is a UUID in its 8-4-4-4-12 hexadecimal form, the only form
     * {@link UUID#fromString} is then given (it also accepts shorter groups). A loop rather
     * than a regular expression: every ingested event's id passes through here.
     */
    public static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (dash ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }
}
