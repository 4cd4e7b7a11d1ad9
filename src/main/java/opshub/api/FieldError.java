package opshub.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with the input: the JSON pointer of the field at fault (RFC 6901, relative
 * to the request body) or the name of the query parameter, what is wrong, and where useful
 * what was received and what is wanted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String pointer, String parameter, String detail, String got,
        String want) {

    public static FieldError of(String pointer, String detail) {
        return new FieldError(pointer, null, detail, null, null);
    }

    public static FieldError of(String pointer, String detail, Object got, Object want) {
        return new FieldError(pointer, null, detail, String.valueOf(got), String.valueOf(want));
    }

    /** An error in a query or path parameter rather than in the body. */
    public static FieldError parameter(String name, String detail, Object got, Object want) {
        return new FieldError(null, name, detail, String.valueOf(got), String.valueOf(want));
    }

    /** The same error, seen from an enclosing document (a batch item, say). */
    public FieldError under(String prefix) {
        return new FieldError(prefix + pointer, parameter, detail, got, want);
    }

    /** Where the error is, for a one-line message. */
    public String location() {
        return pointer != null ? (pointer.isEmpty() ? "body" : pointer) : parameter;
    }
}
