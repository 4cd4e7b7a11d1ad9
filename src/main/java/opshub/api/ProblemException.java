package opshub.api;

import java.util.List;
import java.util.Map;

/**
 * A failure that the client caused or can act on; rendered as problem+json (RFC 9457).
 * {@code errors} names every field at fault; {@code extensions} carries further members
 * such as the expected and actual version of a conflict.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        this(type, detail, errors, Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors,
            Map<String, Object> extensions) {
        this(type, detail, errors, extensions, null);
    }

    protected ProblemException(ProblemType type, String detail, List<FieldError> errors,
            Map<String, Object> extensions, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public static ProblemException invalid(FieldError error) {
        return new ProblemException(ProblemType.INVALID_FIELD,
                error.location() + ": " + error.detail(), List.of(error));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        FieldError first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return new ProblemException(ProblemType.INVALID_FIELD,
                first.location() + ": " + first.detail() + more, errors);
    }

    public static ProblemException badParameter(String name, String detail, Object got,
            Object want) {
        FieldError error = FieldError.parameter(name, detail, got, want);
        return new ProblemException(ProblemType.BAD_PARAMETER, name + ": " + detail,
                List.of(error));
    }

    public static ProblemException badParameters(List<FieldError> errors) {
        FieldError first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return new ProblemException(ProblemType.BAD_PARAMETER,
                first.parameter() + ": " + first.detail() + more, errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
