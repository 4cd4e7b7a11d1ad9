package opshub.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import opshub.merkle.NoteSigner;
import opshub.merkle.Rfc6962;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier's commands, run as an auditor would, on files only. */
class VerifierCommandTest {

    private static final int SIZE = 12;

    @TempDir
    Path dir;

    private final SyntheticLedger ledger = new SyntheticLedger(SIZE);
    private final StringWriter out = new StringWriter();

    @Test
    void verifyOfIntactExportSaysOk() throws IOException {
        int status = verify(ledger.export(), ledger.note(SIZE));

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().startsWith("OK: 12 events match 1 signed checkpoint(s)"),
                out.toString());
    }

    @Test
    void verifyOfChangedExportNamesThePosition() throws IOException {
        int status = run("verify", "--export", file("export.ndjson",
                SyntheticLedger.export(ledger.withChanged(6))),
                "--checkpoint", file("cp5.txt", ledger.note(5)),
                "--checkpoint", file("cp6.txt", ledger.note(6)), "--key", key());

        assertEquals(1, status);
        assertTrue(out.toString().startsWith("FAILED: position 6: leaf changed: "),
                out.toString());
    }

    @Test
    void checkpointSignedByAnotherKeyIsBadSignature() throws IOException {
        String foreign = NoteSigner.generate(SyntheticLedger.ORIGIN).sign(ledger.checkpoint(SIZE));

        int status = verify(ledger.export(), foreign);

        assertEquals(1, status);
        assertTrue(out.toString().startsWith("FAILED: bad signature: "), out.toString());
    }

    @Test
    void checkpointWithAlteredSizeIsBadSignature() throws IOException {
        String altered = ledger.note(SIZE).replaceFirst("\n12\n", "\n11\n");

        int status = verify(ledger.export(), altered);

        assertEquals(1, status);
        assertTrue(out.toString().contains("bad signature"), out.toString());
    }

    @Test
    void inclusionOfTheSignedEventSaysOk() throws IOException {
        int status = inclusion(ledger.records.get(4), 5);

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().startsWith("OK: the event at position 5 is in the tree"));
    }

    @Test
    void inclusionOfAChangedEventIsLeafChanged() throws IOException {
        int status = inclusion(SyntheticLedger.record(5, "rewritten"), 5);

        assertEquals(1, status);
        assertTrue(out.toString().startsWith("FAILED: position 5: leaf changed: "),
                out.toString());
    }

    @Test
    void consistencyOfTwoCheckpointsSaysOk() throws IOException {
        int status = consistency(ledger, 5);

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().startsWith("OK: the tree of size 12 extends"));
    }

    @Test
    void consistencyWithARewrittenHistoryIsRootMismatch() throws IOException {
        SyntheticLedger forked = new SyntheticLedger(SIZE, 3);
        String oldNote = ledger.note(5);
        String newNote = ledger.signer.sign(forked.checkpoint(SIZE));
        String proof = consistencyJson(5, SIZE, forked.consistencyProof(5, SIZE));

        int status = run("consistency", "--old", file("old.txt", oldNote),
                "--new", file("new.txt", newNote), "--proof", file("proof.json", proof),
                "--key", key());

        assertEquals(1, status);
        assertTrue(out.toString().startsWith("FAILED: root mismatch: "), out.toString());
    }

    @Test
    void missingExportFileCannotRun() throws IOException {
        int status = run("verify", "--export", dir.resolve("absent.ndjson").toString(),
                "--checkpoint", file("cp.txt", ledger.note(SIZE)), "--key", key());

        assertEquals(2, status);
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run());
    }

    private int verify(byte[] export, String note) throws IOException {
        return run("verify", "--export", file("export.ndjson", export),
                "--checkpoint", file("checkpoint.txt", note), "--key", key());
    }

    private int inclusion(byte[] event, long position) throws IOException {
        String proof = "{\"position\":" + position + ",\"leafIndex\":" + (position - 1)
                + ",\"treeSize\":" + SIZE + ",\"leafHash\":\""
                + base64(Rfc6962.hashLeaf(ledger.records.get((int) position - 1)))
                + "\",\"proof\":" + json(ledger.inclusionProof(position, SIZE)) + "}";
        return run("inclusion", "--event", file("event.json", event),
                "--proof", file("proof.json", proof),
                "--checkpoint", file("checkpoint.txt", ledger.note(SIZE)), "--key", key());
    }

    private int consistency(SyntheticLedger signed, long from) throws IOException {
        String proof = consistencyJson(from, SIZE, signed.consistencyProof(from, SIZE));
        return run("consistency", "--old", file("old.txt", signed.note(from)),
                "--new", file("new.txt", signed.note(SIZE)),
                "--proof", file("proof.json", proof), "--key", key());
    }

    private static String consistencyJson(long from, long to, List<byte[]> proof) {
        return "{\"from\":" + from + ",\"to\":" + to + ",\"proof\":" + json(proof) + "}";
    }

    private static String json(List<byte[]> hashes) {
        List<String> quoted = new ArrayList<>();
        hashes.forEach(hash -> quoted.add("\"" + base64(hash) + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }

    private String key() throws IOException {
        return file("key.txt", ledger.signer.verifier().verifierKey() + "\n");
    }

    private String file(String name, String content) throws IOException {
        return SyntheticLedger.write(dir, name, content).toString();
    }

    private String file(String name, byte[] content) throws IOException {
        return SyntheticLedger.write(dir, name, content).toString();
    }

    private int run(String... args) {
        return VerifierMain.execute(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), args);
    }
}
