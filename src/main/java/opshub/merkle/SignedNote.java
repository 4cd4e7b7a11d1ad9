package opshub.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The structure of a C2SP signed note: the text (ending in a newline), a blank line, then one or
 * more lines "— &lt;key name&gt; &lt;base64(key id || signature)&gt;". Parsing checks the
 * structure strictly but verifies no signature; {@link NoteVerifier} does that.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** Most signature lines a note may carry, as in the Go implementation. */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** Parses a note; the signatures are over exactly the bytes of {@link #text()}. */
    public static SignedNote parse(String note) throws MalformedNoteException {
        NoteFormat.checkCharacters(note);
        int lastLine = lineCount(note);
        if (!note.endsWith("\n")) {
            throw new MalformedNoteException(lastLine, "got no final newline, want one");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException(lastLine,
                    "got no blank line, want one between text and signatures");
        }

        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        int firstLine = lineCount(text) + 2;
        return new SignedNote(text, parseSignatures(block, firstLine));
    }

    private static List<NoteSignature> parseSignatures(String block, int firstLine)
            throws MalformedNoteException {
        if (block.isEmpty()) {
            throw new MalformedNoteException(firstLine,
                    "got no signature line, want at least one after the blank line");
        }

        String[] lines = block.split("\n", -1);
        int count = lines.length - 1; // the block ends in a newline, so the last part is empty
        if (count > MAX_SIGNATURES) {
            throw new MalformedNoteException(firstLine + MAX_SIGNATURES,
                    "got " + count + " signature lines, want at most " + MAX_SIGNATURES);
        }
        List<NoteSignature> signatures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            signatures.add(parseSignature(lines[i], firstLine + i));
        }
        return signatures;
    }

    private static NoteSignature parseSignature(String line, int number)
            throws MalformedNoteException {
        if (!line.startsWith(NoteFormat.SIGNATURE_PREFIX)) {
            throw new MalformedNoteException(number,
                    "got a line not starting with \"\u2014 \", want a signature line");
        }
        String rest = line.substring(NoteFormat.SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        if (!NoteFormat.isValidKeyName(name)) {
            throw new MalformedNoteException(number, "got key name \"" + name
                    + "\", want non-empty without spaces or '+'");
        }

        byte[] decoded = space < 0 ? null : NoteFormat.decodeBase64(rest.substring(space + 1));
        if (decoded == null || decoded.length < 5) {
            throw new MalformedNoteException(number,
                    "got no valid base64 after the key name, want key id and signature");
        }
        int keyId = ByteBuffer.wrap(decoded).getInt();
        return new NoteSignature(name, keyId, Arrays.copyOfRange(decoded, 4, decoded.length),
                number);
    }

    /** Returns the number of the line the last character is on (1 for empty text). */
    private static int lineCount(String text) {
        int newlines = (int) text.chars().filter(c -> c == '\n').count();
        return text.endsWith("\n") ? newlines : newlines + 1;
    }
}
