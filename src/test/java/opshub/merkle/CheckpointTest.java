package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointTest {

    private static final byte[] ROOT = Rfc6962.hashLeaf(new byte[] {42});
    private static final String ROOT64 = Base64.getEncoder().encodeToString(ROOT);

    @Test
    void bodyIsOriginSizeAndRootLines() {
        Checkpoint checkpoint = new Checkpoint("ops-hub.example/ledger", 42, ROOT);

        assertEquals("ops-hub.example/ledger\n42\n" + ROOT64 + "\n", checkpoint.body());
    }

    @Test
    void extensionLinesFollowTheRoot() {
        Checkpoint checkpoint = new Checkpoint("o", 1, ROOT, List.of("ext one", "ext two"));

        assertEquals("o\n1\n" + ROOT64 + "\next one\next two\n", checkpoint.body());
    }

    @Test
    void parseReadsBackWhatBodyWrote() throws MalformedNoteException {
        Checkpoint checkpoint = new Checkpoint("ops-hub", Long.MAX_VALUE, ROOT, List.of("x"));

        assertEquals(checkpoint, Checkpoint.parse(checkpoint.body()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing final newline   | o\\n5\\nROOT               | 3",
        "missing root line       | o\\n5\\n                   | 3",
        "empty origin            | \\n5\\nROOT\\n             | 1",
        "size with leading zero  | o\\n05\\nROOT\\n           | 2",
        "negative size           | o\\n-5\\nROOT\\n           | 2",
        "size with plus sign     | o\\n+5\\nROOT\\n           | 2",
        "size in hex             | o\\n0x5\\nROOT\\n          | 2",
        "size with space         | o\\n 5\\nROOT\\n           | 2",
        "size overflowing long   | o\\n9223372036854775808\\nROOT\\n | 2",
        "root without padding    | o\\n5\\nROOTNOPAD\\n       | 3",
        "root of 31 bytes        | o\\n5\\nROOT31\\n          | 3",
        "root not base64         | o\\n5\\n!!!!\\n            | 3",
        "empty extension line    | o\\n5\\nROOT\\n\\n         | 4",
        "carriage return         | o\\r\\n5\\nROOT\\n         | 1",
        "tab in extension        | o\\n5\\nROOT\\na\\tb\\n    | 4"})
    void malformedBodyIsRejectedAtTheFaultyLine(String mutation, String body, int line) {
        String text = body.strip()
                .replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")
                .replace("ROOTNOPAD", ROOT64.substring(0, ROOT64.length() - 1))
                .replace("ROOT31", Base64.getEncoder().encodeToString(new byte[31]))
                .replace("ROOT", ROOT64);

        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> Checkpoint.parse(text), mutation);
        assertEquals(line, e.line(), e.getMessage());
    }

    @Test
    void malformedSizeMessageSaysGotAndWant() {
        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> Checkpoint.parse("o\n007\n" + ROOT64 + "\n"));
        assertEquals("line 2: got tree size \"007\", want a decimal without sign or leading zeros",
                e.getMessage());
    }

    @Test
    void constructorRejectsRootOfWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint("o", 1, new byte[16]));
        assertEquals("root has wrong size: got 16 bytes, want 32", e.getMessage());
    }

    @Test
    void constructorRejectsOriginSpanningLines() {
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a\nb", 1, ROOT));
    }

    @Test
    void constructorRejectsNegativeSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint("o", -1, ROOT));
        assertEquals("tree size out of range: got -1, want size >= 0", e.getMessage());
    }

    @Test
    void checkpointsCompareByRootContent() {
        assertEquals(new Checkpoint("o", 1, ROOT), new Checkpoint("o", 1, ROOT.clone()));
        assertNotEquals(new Checkpoint("o", 1, ROOT), new Checkpoint("o", 1, new byte[32]));
    }
}
