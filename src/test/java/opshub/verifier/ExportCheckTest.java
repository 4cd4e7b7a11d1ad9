package opshub.verifier;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import opshub.merkle.Checkpoint;
import org.junit.jupiter.api.Test;

/** An export is accepted exactly when it holds the signed events, and failures are named. */
class ExportCheckTest {

    private static final int SIZE = 20;

    private final SyntheticLedger ledger = new SyntheticLedger(SIZE);

    @Test
    void intactExportVerifiesUpToTheLastCheckpoint() throws IOException {
        ExportCheck.Report report = run(ledger.export(), checkpoints(5, 13));

        assertAll(() -> assertTrue(report.finding().isEmpty(), report.toString()),
                () -> assertEquals(SIZE, report.records()),
                () -> assertEquals(13, report.verifiedSize()));
    }

    @Test
    void changedRecordUnderDenseCheckpointsIsLeafChangedAtItsPosition() throws IOException {
        byte[] export = SyntheticLedger.export(ledger.withChanged(7));

        Finding finding = finding(export, checkpoints(LongStream.rangeClosed(1, SIZE)
                .toArray()));

        assertEquals(new Finding(FindingKind.LEAF_CHANGED, 7, finding.detail()), finding);
    }

    @Test
    void changedRecordUnderSparseCheckpointsIsRootMismatchFromTheLastMatch() throws IOException {
        byte[] export = SyntheticLedger.export(ledger.withChanged(7));

        Finding finding = finding(export, checkpoints(4, 12, SIZE));

        assertAll(() -> assertEquals(FindingKind.ROOT_MISMATCH, finding.kind()),
                () -> assertEquals(5, finding.position()),
                () -> assertTrue(finding.detail().contains("positions 5..12"), finding.detail()));
    }

    @Test
    void missingEventIsEventMissingAtItsPosition() throws IOException {
        byte[] export = SyntheticLedger.export(ledger.without(9));

        Finding finding = finding(export, checkpoints(SIZE));

        assertEquals(FindingKind.EVENT_MISSING, finding.kind());
        assertEquals(9, finding.position());
    }

    @Test
    void exportEndingBeforeACheckpointIsEventMissingAfterItsEnd() throws IOException {
        byte[] export = SyntheticLedger.export(ledger.records.subList(0, 15));

        Finding finding = finding(export, checkpoints(SIZE));

        assertEquals(new Finding(FindingKind.EVENT_MISSING, 16, finding.detail()), finding);
    }

    @Test
    void repeatedLineIsMalformed() throws IOException {
        List<byte[]> lines = new ArrayList<>(ledger.records);
        lines.add(3, ledger.records.get(2));

        Finding finding = finding(SyntheticLedger.export(lines), checkpoints(SIZE));

        assertEquals(FindingKind.MALFORMED, finding.kind());
        assertEquals(4, finding.position());
    }

    @Test
    void lineThatIsNoRecordIsMalformed() throws IOException {
        List<byte[]> lines = new ArrayList<>(ledger.records);
        lines.set(2, "not json".getBytes(StandardCharsets.UTF_8));

        Finding finding = finding(SyntheticLedger.export(lines), checkpoints(SIZE));

        assertEquals(FindingKind.MALFORMED, finding.kind());
        assertTrue(finding.detail().startsWith("line 3 "), finding.detail());
    }

    @Test
    void recordedLeafHashThatDiffersIsLeafChanged() {
        HistoryVerifier history = new HistoryVerifier();
        history.expect(checkpoints(SIZE));

        Finding finding = history.accept(1, ledger.records.get(0), new byte[32]).orElseThrow();

        assertEquals(FindingKind.LEAF_CHANGED, finding.kind());
        assertEquals(1, finding.position());
    }

    @Test
    void checkpointOfTheEmptyTreeIsMatchedBeforeTheFirstRecord() throws IOException {
        ExportCheck.Report report = run(ledger.export(), checkpoints(0, 1));

        assertEquals(1, report.verifiedSize());
    }

    private List<Checkpoint> checkpoints(long... sizes) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (long size : sizes) {
            checkpoints.add(ledger.checkpoint(size));
        }
        return checkpoints;
    }

    private static ExportCheck.Report run(byte[] export, List<Checkpoint> checkpoints)
            throws IOException {
        return ExportCheck.run(new ByteArrayInputStream(export), checkpoints);
    }

    private static Finding finding(byte[] export, List<Checkpoint> checkpoints)
            throws IOException {
        return run(export, checkpoints).finding().orElseThrow();
    }
}
