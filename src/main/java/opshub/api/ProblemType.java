package opshub.api;

/** The stable kinds of problem ops-hub answers with (RFC 9457 {@code type}). */
public enum ProblemType {
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    BAD_PARAMETER(400, "bad-parameter", "Bad parameter"),
    UNAUTHORIZED(401, "unauthorized", "Missing or invalid bearer token"),
    FORBIDDEN(403, "forbidden", "Role not allowed"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    ID_CONFLICT(409, "id-conflict", "Event id already used with other content"),
    VERSION_CONFLICT(409, "expected-version-mismatch", "Expected version does not match"),
    CONFLICT(409, "conflict", "Conflict"),
    BODY_TOO_LARGE(413, "body-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    INVALID_FIELD(422, "invalid-field", "Invalid field"),
    STORE_UNAVAILABLE(503, "store-unavailable", "Store unavailable"),
    PROJECTION_BEHIND(503, "projection-behind", "Projections not yet at the position asked for"),
    INTERNAL(500, "internal", "Internal error");

    private static final String PREFIX = "urn:ops-hub:problem:";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return PREFIX + slug;
    }

    public String title() {
        return title;
    }
}
