package opshub.api;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Holds every {@code /api/v1} GET endpoint to the query parameters its resource method
 * declares ({@code @QueryParam} or {@code @RestQuery}, directly or in a {@code @BeanParam}),
 * each given at most once (see {@link Params#onlyDeclared}). Runs after authentication, so
 * a caller without a token learns nothing about an endpoint's parameters.
 * {@code /api/v1/events/stream} is no resource method and checks its own.
 */
public class QueryParameterFilter {

    private static final String API = "/api/v1/";

    private final Map<Method, Set<String>> declared = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.USER + 1)
    public Response declaredOnly(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !method.isAnnotationPresent(GET.class)
                || !request.getUriInfo().getPath().startsWith(API)) {
            return null;
        }
        try {
            Params.onlyDeclared(request.getUriInfo().getQueryParameters(),
                    declared.computeIfAbsent(method, QueryParameterFilter::namesOf));
            return null;
        } catch (ProblemException e) {
            return Problem.of(e).toResponse();
        }
    }

    static Set<String> namesOf(Method method) {
        Set<String> names = new HashSet<>();
        for (Parameter parameter : method.getParameters()) {
            name(parameter, parameter.getName()).ifPresent(names::add);
            if (parameter.isAnnotationPresent(BeanParam.class)) {
                fieldNames(parameter.getType(), names);
            }
        }
        return Set.copyOf(names);
    }

    private static void fieldNames(Class<?> bean, Set<String> names) {
        for (Class<?> c = bean; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                name(field, field.getName()).ifPresent(names::add);
            }
        }
    }

    /** {@code @RestQuery} without a value takes the parameter's or field's own name. */
    private static Optional<String> name(AnnotatedElement element, String ownName) {
        QueryParam query = element.getAnnotation(QueryParam.class);
        if (query != null) {
            return Optional.of(query.value());
        }
        RestQuery rest = element.getAnnotation(RestQuery.class);
        if (rest != null) {
            return Optional.of(rest.value().isEmpty() ? ownName : rest.value());
        }
        return Optional.empty();
    }
}
