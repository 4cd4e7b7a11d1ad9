package opshub.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The one error shape of the API (RFC 9457 problem details). {@code pointer} repeats the first
 * field at fault so a client that looks at one field finds it at the top.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String pointer,
        List<FieldError> errors, @com.fasterxml.jackson.annotation.JsonIgnore
        Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null,
                Map.of());
    }

    public static Problem of(ProblemException e) {
        String pointer = e.errors().isEmpty() ? null : e.errors().get(0).pointer();
        return new Problem(e.type().uri(), e.type().title(), e.type().status(), e.getMessage(),
                pointer, e.errors().isEmpty() ? null : e.errors(), e.extensions());
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
