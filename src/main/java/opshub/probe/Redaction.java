package opshub.probe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Response headers as evidence records them: every header, names in lower case, but no
 * credential. Cookie values, credential-like headers (authorization, tokens, keys, secrets,
 * sessions) and the parameters of authentication challenges other than the well-known
 * descriptive ones (realm, service, scope, error, ...) are replaced by {@value #REDACTED}.
 * Pure: no I/O.
 */
public final class Redaction {

    public static final String REDACTED = "[redacted]";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i).*(authorization|cookie|token|secret|password|passwd|api-?key|session|"
                    + "credential|signature).*");
    private static final Set<String> CHALLENGES = Set.of("www-authenticate",
            "proxy-authenticate");
    /** Challenge parameters that describe the challenge rather than carry a secret. */
    private static final Set<String> DESCRIPTIVE = Set.of("realm", "service", "scope", "error",
            "error_description", "error_uri", "charset", "algorithm", "qop", "stale",
            "domain");
    private static final Pattern PARAM = Pattern.compile(
            "([A-Za-z0-9!#$%&'*+.^_`|~-]+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\s]*)");
    private static final Pattern TOKEN68 = Pattern.compile(
            "\\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\\s+[A-Za-z0-9._~+/-]+=*\\s*");

    private Redaction() {
    }

    /** Name to value, or to the list of values when the header came more than once. */
    public static ObjectNode headers(Map<String, List<String>> headers) {
        Map<String, List<String>> sorted = new TreeMap<>();
        headers.forEach((name, values) -> sorted.computeIfAbsent(
                name.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>()).addAll(values));
        ObjectNode view = JSON.objectNode();
        sorted.forEach((name, values) -> {
            if (name.startsWith(":")) {
                return;
            }
            List<String> redacted = values.stream().map(v -> value(name, v)).toList();
            if (redacted.size() == 1) {
                view.put(name, redacted.get(0));
            } else {
                redacted.forEach(view.putArray(name)::add);
            }
        });
        return view;
    }

    /** One header value with its credentials replaced; {@code name} in lower case. */
    public static String value(String name, String value) {
        if (name.equals("set-cookie") || name.equals("set-cookie2")) {
            return cookie(value);
        }
        if (CHALLENGES.contains(name)) {
            return challenge(value);
        }
        if (CREDENTIAL_NAME.matcher(name).matches()) {
            return REDACTED;
        }
        return value;
    }

    /** Keeps the cookie's name and attributes (Path, Expires, HttpOnly), not its value. */
    static String cookie(String value) {
        int semicolon = value.indexOf(';');
        String pair = semicolon < 0 ? value : value.substring(0, semicolon);
        String attributes = semicolon < 0 ? "" : value.substring(semicolon);
        int equals = pair.indexOf('=');
        String name = equals < 0 ? "" : pair.substring(0, equals).trim();
        return name + "=" + REDACTED + attributes;
    }

    /**
     * Keeps the scheme and descriptive parameters; a token68 credential and every other
     * parameter (nonce, opaque, token, ...) are redacted.
     */
    static String challenge(String value) {
        Matcher token68 = TOKEN68.matcher(value);
        if (token68.matches()) {
            return token68.group(1) + " " + REDACTED;
        }
        Matcher param = PARAM.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (param.find()) {
            out.append(value, last, param.start(2));
            boolean keep = DESCRIPTIVE.contains(param.group(1).toLowerCase(Locale.ROOT));
            out.append(keep ? param.group(2) : "\"" + REDACTED + "\"");
            last = param.end();
        }
        return out.append(value.substring(last)).toString();
    }
}
