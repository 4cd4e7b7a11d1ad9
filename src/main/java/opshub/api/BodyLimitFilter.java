package opshub.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import opshub.OpsHubConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an ingest body whose declared length is over {@code opshub.intake.max-body} before
 * it is read. Bodies without a declared length are measured after reading.
 */
public class BodyLimitFilter {

    private final long maxBody;

    BodyLimitFilter(OpsHubConfig config) {
        this.maxBody = config.intake().maxBody();
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
