package opshub.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import opshub.OpsHubConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks what can be checked before a request is routed: an ingest body whose declared length
 * is over {@code opshub.intake.max-body} (bodies without a declared length are measured after
 * reading), and text in the path or query that no ledger column can hold.
 */
public class BodyLimitFilter {

    private final long maxBody;

    BodyLimitFilter(OpsHubConfig config) {
        this.maxBody = config.intake().maxBody();
    }

    @ServerRequestFilter(preMatching = true)
    public Response storableParameters(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!storable(path)) {
            return Problem.of(ProblemException.badParameter("path", "holds a NUL character or"
                    + " an unpaired surrogate", path.replace("\u0000", "\\u0000"),
                    "text without them")).toResponse();
        }
        for (var parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                if (!storable(value)) {
                    return Problem.of(ProblemException.badParameter(parameter.getKey(),
                            "holds a NUL character or an unpaired surrogate",
                            value.replace("\u0000", "\\u0000"), "text without them"))
                            .toResponse();
                }
            }
        }
        return null;
    }

    private static boolean storable(String text) {
        return StorableText.problem(text).isEmpty();
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !request.getUriInfo().getPath().startsWith("/api/v1/events")) {
            return null;
        }
        try {
            JsonBodies.requireWithin(Long.parseLong(length.trim()), maxBody);
            return null;
        } catch (NumberFormatException e) {
            return Problem.of(ProblemType.MALFORMED_JSON,
                    "Content-Length is not a number: " + length).toResponse();
        } catch (ProblemException e) {
            return Problem.of(e).toResponse();
        }
    }
}
