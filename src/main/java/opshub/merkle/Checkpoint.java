package opshub.merkle;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint: the log's origin line, its tree size and its RFC 6962 root, plus
 * optional extension lines. {@link #body()} is the exact text a signed note signs, and
 * {@link #parse} accepts only text that {@link #body()} could have produced.
 *
 * <p>Invariants: origin and extension lines are non-empty single lines of printable text,
 * size &gt;= 0, root is 32 bytes. The root is copied in and out.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        requireLine("origin", origin);
        if (size < 0) {
            throw new IllegalArgumentException("tree size out of range: got " + size
                    + ", want size >= 0");
        }
        root = Hashes.requireHash(root, "root");
        extensions = List.copyOf(extensions);
        extensions.forEach(line -> requireLine("extension line", line));
    }

    /** Returns a checkpoint without extension lines. */
    public Checkpoint(String origin, long size, byte[] root) {
        this(origin, size, root, List.of());
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** Returns "&lt;origin&gt;\n&lt;size&gt;\n&lt;base64 root&gt;\n" and one line per extension. */
    public String body() {
        StringBuilder body = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(NoteFormat.encodeBase64(root)).append('\n');
        extensions.forEach(line -> body.append(line).append('\n'));
        return body.toString();
    }

    /** Parses a checkpoint body (the text of a signed note), rejecting any deviation. */
    public static Checkpoint parse(String body) throws MalformedNoteException {
        NoteFormat.checkCharacters(body);
        String[] lines = body.split("\n", -1);
        int count = lines.length - 1;
        if (!body.endsWith("\n")) {
            throw new MalformedNoteException(lines.length, "got no final newline, want one");
        }
        if (count < 3) {
            throw new MalformedNoteException(count + 1, "got " + count
                    + " lines, want at least 3: origin, tree size, root");
        }
        for (int i = 0; i < count; i++) {
            if (lines[i].isEmpty()) {
                throw new MalformedNoteException(i + 1, "got an empty line, want text");
            }
        }

        long size = parseSize(lines[1]);
        byte[] root = parseRoot(lines[2]);
        List<String> extensions = Arrays.asList(lines).subList(3, count);
        return new Checkpoint(lines[0], size, root, extensions);
    }

    private static long parseSize(String line) throws MalformedNoteException {
        if (!DECIMAL.matcher(line).matches()) {
            throw new MalformedNoteException(2, "got tree size \"" + line
                    + "\", want a decimal without sign or leading zeros");
        }

        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException(2, "got tree size " + line
                    + ", want at most " + Long.MAX_VALUE);
        }
    }

    private static byte[] parseRoot(String line) throws MalformedNoteException {
        byte[] root = NoteFormat.decodeBase64(line);
        if (root == null) {
            throw new MalformedNoteException(3, "got root \"" + line
                    + "\", want padded standard base64");
        }
        if (root.length != Rfc6962.HASH_SIZE) {
            throw new MalformedNoteException(3, "got a root of " + root.length
                    + " bytes, want " + Rfc6962.HASH_SIZE);
        }

        return root;
    }

    private static void requireLine(String what, String line) {
        Objects.requireNonNull(line, what);
        boolean printable = line.chars().noneMatch(c -> c < 0x20);
        if (line.isEmpty() || !printable) {
            throw new IllegalArgumentException(what + " \"" + line
                    + "\" is not a line: want non-empty text without control characters");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin)
                && size == that.size
                && Arrays.equals(root, that.root)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(root), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint(" + origin + ", size " + size + ", root "
                + NoteFormat.encodeBase64(root) + ", " + extensions.size() + " extensions)";
    }
}
