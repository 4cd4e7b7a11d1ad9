package opshub.ledger;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;

/** An event id was reused for other content; the original is never overwritten. */
public final class IdConflictException extends ProblemException {

    public IdConflictException(String pointer, UUID id, long position) {
        super(ProblemType.ID_CONFLICT, "event id " + id + " is already recorded at position "
                + position + " with other content", List.of(FieldError.of(pointer + "/id",
                "already used with other content", id, "a new id, or the original content")),
                Map.of("id", id.toString(), "position", position));
    }

    private IdConflictException(String pointer, UUID id) {
        super(ProblemType.ID_CONFLICT, "event id " + id + " is used twice in this request"
                + " with different content", List.of(FieldError.of(pointer + "/id",
                "used earlier in this request with other content", id, "a distinct id")),
                Map.of("id", id.toString()));
    }

    /** The same id twice in one request, with different content: nothing is recorded. */
    public static IdConflictException withinRequest(String pointer, UUID id) {
        return new IdConflictException(pointer, id);
    }
}
