package opshub.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into the one problem+json shape; never a class name or stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.type().status())
                .type(Problem.MEDIA).entity(Problem.of(e));
        if (e.type().status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, StoreUnavailableException.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.BODY_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            default -> status < 500 ? ProblemType.BAD_PARAMETER : ProblemType.INTERNAL;
        };
        return Problem.of(type, describe(type)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (StoreUnavailableException.isUnavailability(e)) {
            LOG.warnf("store unavailable: %s", e.getMessage());
            return problem(new StoreUnavailableException(e));
        }

        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure [%s]", incident);
        return Problem.of(ProblemType.INTERNAL,
                "an unexpected error occurred; incident " + incident + " is in the server log")
                .toResponse();
    }

    private static String describe(ProblemType type) {
        return switch (type) {
            case NOT_FOUND -> "no such resource";
            case METHOD_NOT_ALLOWED -> "this resource does not support that method";
            case NOT_ACCEPTABLE -> "this resource cannot answer in a media type the Accept"
                    + " header allows; docs/api.md lists what each resource answers";
            case UNSUPPORTED_MEDIA_TYPE -> "send application/json";
            default -> type.title();
        };
    }
}
