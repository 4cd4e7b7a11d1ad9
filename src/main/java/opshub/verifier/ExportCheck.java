package opshub.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import opshub.merkle.Checkpoint;

/** Verifies an NDJSON export from position 1 against trusted (already verified) checkpoints. */
public final class ExportCheck {

    /** The outcome: the first finding, if any, and how far the export was verified. */
    public record Report(Optional<Finding> finding, long records, long verifiedSize) {
    }

    private ExportCheck() {
    }

    public static Report run(InputStream export, List<Checkpoint> trusted) throws IOException {
        HistoryVerifier history = new HistoryVerifier();
        history.expect(trusted);
        RecordLines lines = new RecordLines(export);
        byte[] record;
        while ((record = lines.next()) != null) {
            OptionalLong position = RecordLines.position(record);
            Optional<Finding> finding = position.isEmpty()
                    ? Optional.of(notARecord(lines.lineNumber(), history.size() + 1))
                    : history.accept(position.getAsLong(), record, null);
            if (finding.isPresent()) {
                return new Report(finding, history.size(), history.verifiedSize());
            }
        }
        return new Report(history.finish(), history.size(), history.verifiedSize());
    }

    private static Finding notARecord(long line, long expected) {
        return new Finding(FindingKind.MALFORMED, expected, "line " + line
                + " is not an event record: want a JSON object with a numeric position");
    }
}
