package opshub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import opshub.api.FieldError;
import opshub.migration.Disposition;
import opshub.migration.MoveStatus;

/** Checks one service move of a migration wave in an inventory file. */
final class MigrationSpec {

    private MigrationSpec() {
    }

    static void check(JsonNode move, String at, List<FieldError> errors) {
        String disposition = move.path("disposition").asText();
        if (Disposition.parse(disposition).isEmpty()) {
            errors.add(FieldError.of(at + "/disposition", "is not a disposition", disposition,
                    "move, replace, retire or keep"));
        }
        String status = move.path("status").asText("planned");
        if (MoveStatus.parse(status).isEmpty()) {
            errors.add(FieldError.of(at + "/status", "is not a status", status,
                    "planned, in-progress, done or cancelled"));
        }
    }
}
