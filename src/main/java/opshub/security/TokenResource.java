package opshub.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import opshub.api.Documents;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;

/** Issues, lists and revokes API tokens. A token's secret is shown once, at creation. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class TokenResource {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "role");
    private static final long MAX_BODY = 4096;

    private final TokenRegistry registry;

    TokenResource(TokenRegistry registry) {
        this.registry = registry;
    }

    /** The token as created; {@code token} is the secret, never shown again. */
    public record IssuedToken(String name, Role role, OffsetDateTime createdAt, String token) {
    }

    /** A token as listed: no secret. */
    public record TokenInfo(String name, Role role, OffsetDateTime createdAt) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issue(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body) {
        ApiToken token = parse(Documents.readJson(contentType, body, MAX_BODY));
        String secret = TokenRegistry.newSecret();
        token.tokenHash = TokenRegistry.hash(secret);
        token.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);

        // the cache is invalidated once the insert is committed (@WithTransaction would
        // commit only after this Uni, too late): a lookup that read the tokens before the
        // commit, without this one, is then no longer used
        return Panache.withTransaction(() -> insert(token))
                .invoke(registry::invalidate)
                .map(saved -> Response.status(201)
                        .entity(new IssuedToken(token.name, token.role, token.createdAt, secret))
                        .build());
    }

    @GET
    @WithSession
    public Uni<List<TokenInfo>> list() {
        return ApiToken.<ApiToken>listAll().map(all -> all.stream()
                .map(t -> new TokenInfo(t.name, t.role, t.createdAt)).toList());
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> revoke(@PathParam("name") String name) {
        return Panache.withTransaction(() -> ApiToken.deleteById(name)).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("token " + name);
            }
            // committed by now: from here on no lookup on this server accepts the token
            registry.invalidate();
            return Response.noContent().build();
        });
    }

    private static Uni<ApiToken> insert(ApiToken token) {
        return ApiToken.<ApiToken>findById(token.name).chain(existing -> {
            if (existing != null) {
                throw new ProblemException(ProblemType.CONFLICT, "a token named " + token.name
                        + " exists; revoke it first or choose another name",
                        List.of(FieldError.of("/name", "already exists", token.name,
                                "a new name")));
            }
            return token.persist();
        });
    }

    private static ApiToken parse(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        if (!json.isObject()) {
            throw ProblemException.invalid(FieldError.of("", "must be a JSON object",
                    json.getNodeType(), "object"));
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                errors.add(FieldError.of("/" + field, "unknown field", field, "name, role"));
            }
        }
        JsonNode name = json.get("name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()
                || name.asText().equals(TokenRegistry.ADMIN_NAME)) {
            errors.add(FieldError.of("/name", "must be a new token name", name,
                    NAME.pattern() + ", not 'admin'"));
        }
        JsonNode role = json.get("role");
        if (role == null || !role.isTextual() || Role.parse(role.asText()).isEmpty()) {
            errors.add(FieldError.of("/role", "must be a role", role,
                    "probe, reader, auditor or admin"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }

        ApiToken token = new ApiToken();
        token.name = name.asText();
        token.role = Role.parse(role.asText()).orElseThrow();
        return token;
    }
}
