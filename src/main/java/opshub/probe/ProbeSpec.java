package opshub.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import opshub.api.FieldError;

/**
 * What the built-in probe of one endpoint checks, read from the endpoint as the inventory
 * declares it: its {@code url}, its {@code expect} (status, one value or a list; required
 * headers, each an exact value or {@code {regex: ...}}) and its {@code probe} (method,
 * interval, timeout, certificate expiry threshold, TLS trust). Interval and timeout may be
 * left to the server's defaults.
 */
public record ProbeSpec(String endpoint, URI url, String method, List<Integer> expectedStatus,
        List<HeaderRule> headers, Optional<Duration> interval, Optional<Duration> timeout,
        Duration certExpiry, TlsTrust tlsTrust) {

    /** Shorter intervals would fill the ledger with evidence nobody needs. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    /** Evidence older than a week proves little; a longer interval is a typing mistake. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(7);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DEFAULT_CERT_EXPIRY = Duration.ofDays(14);
    private static final Set<String> METHODS = Set.of("GET", "HEAD");
    private static final Set<String> PROBE_FIELDS = Set.of("method", "interval", "timeout",
            "certExpiry", "tlsTrust");
    private static final Set<String> EXPECT_FIELDS = Set.of("status", "headers");

    /** Whether the certificate chain must also be one the JVM's trust store accepts. */
    public enum TlsTrust {
        /** The chain must lead to a root of the JVM's trust store and name the host. */
        SYSTEM,
        /** Any chain is accepted (self-signed, internal CA); expiry is still checked. */
        ANY
    }

    /** A response header that must be present with a value equal to, or matching, a rule. */
    public record HeaderRule(String name, String value, Pattern regex) {

        boolean matches(String got) {
            return regex != null ? regex.matcher(got).matches() : value.equals(got);
        }

        /** What the rule wants, as evidence states it. */
        String want() {
            return regex != null ? "matches " + regex.pattern() : value;
        }
    }

    public Duration intervalOr(Duration fallback) {
        return interval.orElse(fallback);
    }

    public Duration timeoutOr(Duration fallback) {
        return timeout.orElse(fallback);
    }

    /**
     * The probe an endpoint declares, or empty when it declares none or has errors; every
     * error is added to {@code errors} with its pointer under {@code at} (the endpoint).
     */
    public static Optional<ProbeSpec> read(String key, JsonNode endpoint, String at,
            List<FieldError> errors) {
        JsonNode probe = endpoint.get("probe");
        if (probe == null || probe.isNull()) {
            return Optional.empty();
        }
        int before = errors.size();
        if (!probe.isObject()) {
            errors.add(FieldError.of(at + "/probe", "must be an object", probe.getNodeType(),
                    "object, e.g. {interval: PT15M}"));
            return Optional.empty();
        }
        unknown(probe, at + "/probe", PROBE_FIELDS, errors);
        URI url = url(endpoint.get("url"), at + "/url", errors);
        String method = probe.path("method").asText("GET");
        if (!METHODS.contains(method)) {
            errors.add(FieldError.of(at + "/probe/method", "is not a probe method", method,
                    "GET or HEAD"));
        }
        Optional<Duration> interval = duration(probe, "interval", at, errors);
        Optional<Duration> timeout = duration(probe, "timeout", at, errors);
        interval.filter(d -> d.compareTo(MIN_INTERVAL) < 0).ifPresent(d -> errors.add(
                FieldError.of(at + "/probe/interval", "is too short", d, "at least "
                        + MIN_INTERVAL)));
        interval.filter(d -> d.compareTo(MAX_INTERVAL) > 0).ifPresent(d -> errors.add(
                FieldError.of(at + "/probe/interval", "is too long", d, "at most "
                        + MAX_INTERVAL)));
        timeout.filter(d -> d.compareTo(MAX_TIMEOUT) > 0).ifPresent(d -> errors.add(
                FieldError.of(at + "/probe/timeout", "is too long", d, "at most "
                        + MAX_TIMEOUT)));
        Duration certExpiry = duration(probe, "certExpiry", at, errors)
                .orElse(DEFAULT_CERT_EXPIRY);
        TlsTrust trust = trust(probe.get("tlsTrust"), at, errors);
        JsonNode expect = endpoint.path("expect");
        if (!expect.isObject()) {
            errors.add(FieldError.of(at + "/expect", "a probed endpoint must say what it"
                    + " should answer", expect.isMissingNode() ? null : expect,
                    "{status: 401, headers: {Name: value}}"));
            return Optional.empty();
        }
        unknown(expect, at + "/expect", EXPECT_FIELDS, errors);
        List<Integer> status = statuses(expect.get("status"), at + "/expect/status", errors);
        List<HeaderRule> headers = headers(expect.get("headers"), at + "/expect/headers",
                errors);
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProbeSpec(key, url, method, status, headers, interval, timeout,
                certExpiry, trust));
    }

    private static URI url(JsonNode value, String at, List<FieldError> errors) {
        String want = "an absolute http or https URL";
        if (value == null || !value.isTextual()) {
            errors.add(FieldError.of(at, "a probed endpoint needs a URL", value, want));
            return null;
        }
        try {
            URI uri = new URI(value.asText());
            if (uri.getRawUserInfo() != null) {
                // the URL is recorded in every run's evidence, for good, and shown to readers
                errors.add(FieldError.of(at, "must not carry credentials", "user info in the"
                        + " URL", "a URL without user:password@; the probe sends no credentials"));
                return null;
            }
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        errors.add(FieldError.of(at, "cannot be probed", value.asText(), want));
        return null;
    }

    private static Optional<Duration> duration(JsonNode probe, String field, String at,
            List<FieldError> errors) {
        JsonNode value = probe.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            Duration duration = Duration.parse(value.asText());
            if (!duration.isNegative() && !duration.isZero()) {
                return Optional.of(duration);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(FieldError.of(at + "/probe/" + field, "must be a positive ISO-8601"
                + " duration", value, "e.g. PT15M, PT10S or P14D"));
        return Optional.empty();
    }

    private static TlsTrust trust(JsonNode value, String at, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return TlsTrust.SYSTEM;
        }
        for (TlsTrust trust : TlsTrust.values()) {
            if (trust.name().toLowerCase().equals(value.asText())) {
                return trust;
            }
        }
        errors.add(FieldError.of(at + "/probe/tlsTrust", "is not a trust mode", value,
                "system or any"));
        return TlsTrust.SYSTEM;
    }

    private static List<Integer> statuses(JsonNode value, String at, List<FieldError> errors) {
        List<Integer> statuses = new ArrayList<>();
        if (value == null) {
            errors.add(FieldError.of(at, "is required for a probe", null,
                    "a status such as 401, or a list such as [302, 303]"));
            return statuses;
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String here = value.isArray() ? at + "/" + i : at;
            if (!item.canConvertToInt() || !item.isIntegralNumber() || item.asInt() < 100
                    || item.asInt() > 599) {
                errors.add(FieldError.of(here, "is not an HTTP status", item, "100 to 599"));
            } else {
                statuses.add(item.asInt());
            }
        }
        if (items.isEmpty()) {
            errors.add(FieldError.of(at, "lists no status", value, "at least one status"));
        }
        return List.copyOf(statuses);
    }

    private static List<HeaderRule> headers(JsonNode value, String at, List<FieldError> errors) {
        List<HeaderRule> rules = new ArrayList<>();
        if (value == null || value.isNull()) {
            return rules;
        }
        if (!value.isObject()) {
            errors.add(FieldError.of(at, "must map header names to values", value.getNodeType(),
                    "{Name: value} or {Name: {regex: ...}}"));
            return rules;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            String here = at + "/" + header.getKey().replace("~", "~0").replace("/", "~1");
            JsonNode rule = header.getValue();
            if (rule.isTextual()) {
                rules.add(new HeaderRule(header.getKey(), rule.asText(), null));
            } else if (rule.isObject() && rule.path("regex").isTextual() && rule.size() == 1) {
                try {
                    rules.add(new HeaderRule(header.getKey(), null,
                            Pattern.compile(rule.get("regex").asText())));
                } catch (PatternSyntaxException e) {
                    errors.add(FieldError.of(here + "/regex", "is not a regular expression",
                            rule.get("regex").asText(), "a Java regular expression"));
                }
            } else {
                errors.add(FieldError.of(here, "must be a value or {regex: ...}", rule,
                        "a string, or {regex: <pattern>}"));
            }
        }
        return List.copyOf(rules);
    }

    private static void unknown(JsonNode node, String at, Set<String> known,
            List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!known.contains(field)) {
                errors.add(FieldError.of(at + "/" + field, "unknown field", field,
                        String.join(", ", new TreeSet<>(known))));
            }
        }
    }
}
