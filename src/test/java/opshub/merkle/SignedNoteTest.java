package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signed notes and checkpoints. The PeterNeumann and EnochRoot keys and notes are the known
 * answers of golang.org/x/mod/sumdb/note (note_test.go), the reference implementation.
 */
class SignedNoteTest {

    private static final String PETER_VERIFIER =
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String PETER_SIGNER =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String ENOCH_VERIFIER =
            "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLL"
            + "r8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MN"
            + "tCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static final byte[] ROOT = Rfc6962.hashLeaf(new byte[] {7});

    @Test
    void goReferenceNoteVerifiesWithGoReferenceKey() throws NoteException {
        String text = NoteVerifier.parse(PETER_VERIFIER).verify(TEXT + "\n" + PETER_SIG);

        assertEquals(TEXT, text);
    }

    @Test
    void goReferenceSignerKeyProducesTheGoReferenceNote() {
        NoteSigner signer = NoteSigner.parse(PETER_SIGNER);

        assertEquals(TEXT + "\n" + PETER_SIG, signer.sign(TEXT));
        assertEquals(PETER_VERIFIER, signer.verifier().verifierKey());
        assertEquals(PETER_SIGNER, signer.signerKey());
    }

    @Test
    void eachKeyVerifiesItsOwnSignatureInANoteSignedByTwo() throws NoteException {
        String note = TEXT + "\n" + PETER_SIG + ENOCH_SIG;

        assertEquals(TEXT, NoteVerifier.parse(PETER_VERIFIER).verify(note));
        assertEquals(TEXT, NoteVerifier.parse(ENOCH_VERIFIER).verify(note));
    }

    @Test
    void signedCheckpointVerifiesBackToTheSameCheckpoint() throws NoteException {
        NoteSigner signer = NoteSigner.generate("ops-hub.example");
        Checkpoint checkpoint = new Checkpoint("ops-hub.example/ledger", 1234, ROOT);

        String note = signer.sign(checkpoint);

        assertEquals(checkpoint, signer.verifier().verifyCheckpoint(note));
        assertTrue(note.startsWith(checkpoint.body() + "\n\u2014 ops-hub.example "), note);
    }

    @Test
    void signatureLineCarriesTheComputedKeyId() throws MalformedNoteException {
        NoteSigner signer = NoteSigner.generate("ops-hub.example");

        SignedNote note = SignedNote.parse(signer.sign(new Checkpoint("o", 1, ROOT)));

        NoteSignature signature = note.signatures().get(0);
        assertEquals(signer.keyId(), signature.keyId());
        assertEquals(signer.verifier().verifierKey().split("\\+")[1],
                String.format("%08x", signature.keyId()));
        assertEquals(64, signature.signature().length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tampered size,   '\n1234\n', '\n1235\n'",
        "tampered origin, 'ops-hub.example/ledger', 'ops-hub.example/ledgeR'",
        "tampered root,   '\nAAAA', '\nAAAB'"})
    void tamperedCheckpointIsRejected(String mutation, String from, String to) {
        NoteSigner signer = NoteSigner.generate("ops-hub.example");
        byte[] root = new byte[32];
        String note = signer.sign(new Checkpoint("ops-hub.example/ledger", 1234, root));
        String tampered = note.replace(from, to);
        assertTrue(!tampered.equals(note), "mutation applied: " + mutation);

        assertThrows(BadSignatureException.class,
                () -> signer.verifier().verifyCheckpoint(tampered), mutation);
    }

    @Test
    void noteSignedByAnotherKeyIsMissingOurSignature() {
        NoteSigner ours = NoteSigner.generate("ops-hub.example");
        NoteSigner theirs = NoteSigner.generate("ops-hub.example");
        String note = theirs.sign(new Checkpoint("o", 1, ROOT));

        MissingSignatureException e = assertThrows(MissingSignatureException.class,
                () -> ours.verifier().verifyCheckpoint(note));
        String want = "ops-hub.example+" + String.format("%08x", ours.keyId());
        assertEquals("no signature by key " + want + ": got signatures by [ops-hub.example+"
                + String.format("%08x", theirs.keyId()) + "], want one by " + want,
                e.getMessage());
    }

    @Test
    void foreignSignatureUnderOurKeyIdIsBad() {
        NoteSigner ours = NoteSigner.generate("ops-hub.example");
        NoteSigner theirs = NoteSigner.generate("ops-hub.example");
        String text = new Checkpoint("o", 1, ROOT).body();
        byte[] forged = Base64.getDecoder().decode(lastField(theirs.sign(text)));
        forged[0] = (byte) (ours.keyId() >>> 24);
        forged[1] = (byte) (ours.keyId() >>> 16);
        forged[2] = (byte) (ours.keyId() >>> 8);
        forged[3] = (byte) ours.keyId();
        String note = text + "\n\u2014 ops-hub.example "
                + Base64.getEncoder().encodeToString(forged) + "\n";

        BadSignatureException e = assertThrows(BadSignatureException.class,
                () -> ours.verifier().verify(note));
        assertEquals(5, e.line());
    }

    @Test
    void verifierKeyStringRoundTrips() {
        NoteVerifier verifier = NoteSigner.generate("ops-hub.example/ledger").verifier();

        NoteVerifier parsed = NoteVerifier.parse(verifier.verifierKey());

        assertEquals(verifier.name(), parsed.name());
        assertEquals(verifier.keyId(), parsed.keyId());
        assertArrayEquals(verifier.rawPublicKey(), parsed.rawPublicKey());
        assertEquals(verifier.verifierKey(), parsed.verifierKey());
    }

    @Test
    void signerKeyStringRoundTrips() throws NoteException {
        NoteSigner signer = NoteSigner.generate("ops-hub.example");

        NoteSigner parsed = NoteSigner.parse(signer.signerKey());

        assertEquals(signer.verifier().verifierKey(), parsed.verifier().verifierKey());
        assertEquals(TEXT, signer.verifier().verify(parsed.sign(TEXT)));
    }

    @Test
    void signerToStringHidesThePrivateKey() {
        NoteSigner signer = NoteSigner.parse(PETER_SIGNER);

        assertEquals("NoteSigner(PeterNeumann+c74f20a3)", signer.toString());
    }

    @Test
    void everyTruncationOrAlterationOfAVerifierKeyIsRejected() {
        byte[] key = PETER_VERIFIER.getBytes();
        for (int i = 0; i <= key.length; i++) {
            for (int j = i + 1; j <= key.length; j++) {
                if (i != 0 || j != key.length) {
                    assertVerifierKeyRejected(new String(key, i, j - i));
                }
            }
        }
        for (int i = 0; i < key.length; i++) {
            key[i]++;
            assertVerifierKeyRejected(new String(key));
            key[i]--;
        }
    }

    @Test
    void everyAlterationOfASignerKeyIsRejected() {
        byte[] key = PETER_SIGNER.getBytes();
        for (int i = 0; i < key.length; i++) {
            key[i]++;
            String altered = new String(key);
            assertThrows(IllegalArgumentException.class, () -> NoteSigner.parse(altered),
                    altered);
            key[i]--;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "wrong key length with adjusted id, "
            + "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "unknown algorithm with adjusted id, "
            + "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "uppercase key id, PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"})
    void verifierKeyFromGoNegativeCasesIsRejected(String mutation, String key) {
        assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(key), mutation);
    }

    @Test
    void verifierKeyWithWrongIdSaysGotAndWant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoteVerifier.parse(PETER_VERIFIER.replace("c74f20a3", "c74f20a4")));
        assertEquals("key id: got c74f20a4, want c74f20a3 computed from the name and key",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "text only, no signatures                | TEXT                          | 2",
        "blank line but no signatures            | TEXT\\n                       | 4",
        "missing final newline                   | TEXT\\nPETER_NO_NEWLINE         | 4",
        "control character in text               | \\u0001TEXT\\nPETER           | 1",
        "unpaired surrogate in text              | \\uD800TEXT\\nPETER           | 1",
        "space in key name                       | TEXT\\n\u2014 Bad Name AAAAAAAA\\n | 4",
        "plus in key name                        | TEXT\\n\u2014 a+b AAAAAAAA\\n | 4",
        "signature too short for a key id        | TEXT\\n\u2014 a AAAA\\n      | 4",
        "signature not base64                    | TEXT\\n\u2014 a !!!!!!!!\\n  | 4",
        "unexpected line after signatures        | TEXT\\nPETERUnexpected line.\\n | 5",
        "hyphen instead of em dash               | TEXT\\n- PeterNeumann AAAAAAAA\\n | 4"})
    void malformedNoteIsRejectedAtTheFaultyLine(String mutation, String template, int line) {
        String note = template.strip()
                .replace("PETER_NO_NEWLINE", PETER_SIG.strip())
                .replace("PETER", PETER_SIG)
                .replace("TEXT", TEXT)
                .replace("\\n", "\n")
                .replace("\\u0001", "\u0001")
                .replace("\\uD800", "\uD800");

        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> NoteVerifier.parse(PETER_VERIFIER).verify(note), mutation);
        assertEquals(line, e.line(), e.getMessage());
    }

    @Test
    void noteWithMoreThanAHundredSignaturesIsMalformed() {
        String note = TEXT + "\n" + PETER_SIG.repeat(101);

        assertThrows(MalformedNoteException.class,
                () -> NoteVerifier.parse(PETER_VERIFIER).verify(note));
    }

    @Test
    void repeatedValidSignatureIsAccepted() throws NoteException {
        String note = TEXT + "\n" + PETER_SIG + ENOCH_SIG + PETER_SIG;

        assertEquals(TEXT, NoteVerifier.parse(PETER_VERIFIER).verify(note));
    }

    @Test
    void corruptedGoReferenceSignatureIsBad() {
        String corrupted = PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);

        BadSignatureException e = assertThrows(BadSignatureException.class,
                () -> NoteVerifier.parse(PETER_VERIFIER).verify(TEXT + "\n" + corrupted));
        assertEquals("line 4: signature by PeterNeumann+c74f20a3 has 67 bytes, want 64",
                e.getMessage());
    }

    @Test
    void signRejectsTextWithoutFinalNewline() {
        NoteSigner signer = NoteSigner.parse(PETER_SIGNER);

        assertThrows(IllegalArgumentException.class, () -> signer.sign("abc"));
    }

    @Test
    void verifiedNoteWhoseBodyIsNotACheckpointIsMalformed() {
        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> NoteVerifier.parse(PETER_VERIFIER).verifyCheckpoint(TEXT + "\n" + PETER_SIG));
        assertEquals("line 3: got 2 lines, want at least 3: origin, tree size, root",
                e.getMessage());
    }

    private static void assertVerifierKeyRejected(String key) {
        assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(key), key);
    }

    private static String lastField(String note) {
        List<String> fields = List.of(note.strip().split(" "));
        return fields.get(fields.size() - 1);
    }
}
