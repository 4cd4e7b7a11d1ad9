package opshub.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import opshub.merkle.Checkpoint;
import opshub.merkle.MalformedNoteException;
import opshub.merkle.NoteException;
import opshub.merkle.NoteVerifier;

/** Reads the verifier's inputs: the key it trusts, signed checkpoints and proof documents. */
final class TrustedInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustedInputs() {
    }

    /** Reads a verifier key string (name+id+base64 key) from a file. */
    static NoteVerifier key(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return NoteVerifier.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a verifier key: " + e.getMessage(), e);
        }
    }

    /** Reads a signed checkpoint note and returns its checkpoint once the signature holds. */
    static Checkpoint checkpoint(NoteVerifier key, Path file)
            throws IOException, FindingException {
        String note = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return key.verifyCheckpoint(note);
        } catch (MalformedNoteException e) {
            throw new FindingException(FindingKind.MALFORMED, 0,
                    file + " is not a checkpoint note: " + e.getMessage());
        } catch (NoteException e) {
            throw new FindingException(FindingKind.BAD_SIGNATURE, 0,
                    file + ": " + e.getMessage());
        }
    }

    /** Reads a proof document (the JSON the proof endpoints answer). */
    static JsonNode proof(Path file) throws IOException, FindingException {
        try {
            JsonNode proof = JSON.readTree(file.toFile());
            if (proof == null || !proof.isObject()) {
                throw new FindingException(FindingKind.MALFORMED, 0,
                        file + " is not a proof: want a JSON object");
            }
            return proof;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FindingException(FindingKind.MALFORMED, 0,
                    file + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Returns a required whole-number member of a proof document. */
    static long number(JsonNode proof, String name) throws FindingException {
        JsonNode value = proof.get(name);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new FindingException(FindingKind.MALFORMED, 0, "proof member " + name
                    + ": got " + value + ", want a whole number");
        }
        return value.asLong();
    }

    /** Returns a required base64 hash member of a proof document. */
    static byte[] hash(JsonNode proof, String name) throws FindingException {
        JsonNode value = proof.get(name);
        return decode(value, "proof member " + name);
    }

    /** Returns the proof hashes, leaf level first. */
    static List<byte[]> hashes(JsonNode proof) throws FindingException {
        JsonNode array = proof.get("proof");
        if (array == null || !array.isArray()) {
            throw new FindingException(FindingKind.MALFORMED, 0,
                    "proof member proof: got " + array + ", want an array of base64 hashes");
        }
        List<byte[]> hashes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            hashes.add(decode(array.get(i), "proof[" + i + "]"));
        }
        return hashes;
    }

    private static byte[] decode(JsonNode value, String what) throws FindingException {
        try {
            if (value != null && value.isTextual()) {
                return Base64.getDecoder().decode(value.asText());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new FindingException(FindingKind.MALFORMED, 0, what + ": got " + value
                + ", want a base64 hash");
    }
}
