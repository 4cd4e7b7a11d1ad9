package opshub.verifier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Reads an NDJSON export: one recorded event per line, each line exactly the bytes the ledger
 * recorded, ended by one 0x0A byte. The bytes are kept as they are; only the record's
 * {@code position} member is read from them.
 */
public final class RecordLines {

    private static final JsonFactory JSON = new JsonFactory();

    private final InputStream in;
    private long lineNumber;

    public RecordLines(InputStream in) {
        this.in = in;
    }

    /** Returns the next line without its newline, or null at the end of the export. */
    public byte[] next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }

        lineNumber++;
        return line.toByteArray();
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Returns the record's top-level {@code position} member; empty if there is none. */
    public static OptionalLong position(byte[] record) {
        try (JsonParser parser = JSON.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return OptionalLong.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("position") && value == JsonToken.VALUE_NUMBER_INT) {
                    return OptionalLong.of(parser.getLongValue());
                }
                parser.skipChildren();
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
