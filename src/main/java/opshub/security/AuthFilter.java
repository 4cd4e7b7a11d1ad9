package opshub.security;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import opshub.api.Problem;
import opshub.api.ProblemType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/** Every /api/v1 call needs a bearer token whose role permits the endpoint. */
public class AuthFilter {

    private static final String BEARER = "Bearer ";

    private final TokenRegistry tokens;
    private final Map<String, Optional<Role>> requirements = new ConcurrentHashMap<>();

    AuthFilter(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request, SimpleResourceInfo info) {
        Role needed = required(info);
        if (needed == null) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.length() == BEARER.length()) {
            return Uni.createFrom().item(unauthorized("send Authorization: Bearer <token>"));
        }

        return tokens.authenticate(header.substring(BEARER.length()).trim()).map(caller -> {
            if (caller.isEmpty()) {
                return unauthorized("the bearer token is not valid");
            }
            if (!caller.get().role().permits(needed)) {
                return Problem.of(ProblemType.FORBIDDEN, "token " + caller.get().name()
                        + " has role " + caller.get().role().wire() + "; this needs "
                        + needed.wire()).toResponse();
            }
            request.setProperty(Caller.PROPERTY, caller.get());
            return null;
        });
    }

    private Role required(SimpleResourceInfo info) {
        Class<?> resource = info.getResourceClass();
        if (resource == null) {
            return null;
        }
        String key = resource.getName() + "#" + info.getMethodName()
                + Arrays.toString(info.parameterTypes());
        return requirements.computeIfAbsent(key, k -> lookUp(resource, info)).orElse(null);
    }

    private static Optional<Role> lookUp(Class<?> resource, SimpleResourceInfo info) {
        try {
            Method method = resource.getMethod(info.getMethodName(), info.parameterTypes());
            if (method.isAnnotationPresent(Requires.class)) {
                return Optional.of(method.getAnnotation(Requires.class).value());
            }
        } catch (NoSuchMethodException e) {
            // fall back to the class's requirement
        }
        return Optional.ofNullable(resource.getAnnotation(Requires.class)).map(Requires::value);
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(ProblemType.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ops-hub\"").build();
    }
}
