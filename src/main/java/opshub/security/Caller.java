package opshub.security;

import jakarta.ws.rs.container.ContainerRequestContext;

/** The authenticated token behind a request: its name becomes the events' {@code source}. */
public record Caller(String name, Role role) {

    static final String PROPERTY = "opshub.caller";

    public static Caller of(ContainerRequestContext request) {
        return (Caller) request.getProperty(PROPERTY);
    }
}
