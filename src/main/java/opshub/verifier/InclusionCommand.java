package opshub.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import opshub.merkle.Checkpoint;
import opshub.merkle.NoteVerifier;
import opshub.merkle.ProofException;
import opshub.merkle.ProofVerifier;
import opshub.merkle.Rfc6962;
import opshub.merkle.RootMismatchException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks that one event, byte for byte, is in the tree a signed checkpoint commits to. */
@Command(name = "inclusion", mixinStandardHelpOptions = true,
        description = "Verify an inclusion proof of one event against a signed checkpoint.")
final class InclusionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--event", required = true,
            description = "the event's recorded bytes: one line of an export")
    Path event;

    @Option(names = "--proof", required = true,
            description = "the answer of GET /api/v1/ledger/proofs/inclusion")
    Path proof;

    @Option(names = "--checkpoint", required = true, description = "signed checkpoint note")
    Path checkpoint;

    @Option(names = "--key", required = true, description = "file holding the verifier key")
    Path key;

    @Override
    public Integer call() throws Exception {
        NoteVerifier verifier = TrustedInputs.key(key);
        byte[] record = stripNewline(Files.readAllBytes(event));
        try {
            Checkpoint signed = TrustedInputs.checkpoint(verifier, checkpoint);
            long position = verify(record, TrustedInputs.proof(proof), signed);
            return VerifierMain.report(spec.commandLine().getOut(), "the event at position "
                    + position + " is in the tree of size " + signed.size(), null);
        } catch (FindingException e) {
            return VerifierMain.report(spec.commandLine().getOut(), null, e);
        }
    }

    private static long verify(byte[] record, JsonNode proof, Checkpoint signed)
            throws FindingException {
        long leafIndex = TrustedInputs.number(proof, "leafIndex");
        long treeSize = TrustedInputs.number(proof, "treeSize");
        List<byte[]> hashes = TrustedInputs.hashes(proof);
        requireSameTree(treeSize, signed);
        long position = leafIndex + 1;
        requirePosition(record, position);

        try {
            ProofVerifier.verifyInclusion(leafIndex, treeSize, Rfc6962.hashLeaf(record), hashes,
                    signed.root());
        } catch (RootMismatchException e) {
            throw changedOrMismatched(record, proof, position, e);
        } catch (ProofException e) {
            throw new FindingException(FindingKind.MALFORMED, position, e.getMessage());
        }
        return position;
    }

    /**
     * The proof names the leaf it was made for: if the event hashes to another leaf, the event
     * is not the one the checkpoint commits to; otherwise the proof itself is wrong.
     */
    private static FindingException changedOrMismatched(byte[] record, JsonNode proof,
            long position, RootMismatchException e) throws FindingException {
        byte[] leaf = Rfc6962.hashLeaf(record);
        byte[] proofLeaf = TrustedInputs.hash(proof, "leafHash");
        if (!Arrays.equals(leaf, proofLeaf)) {
            return new FindingException(FindingKind.LEAF_CHANGED, position,
                    "the event's bytes are not the leaf the checkpoint commits to: "
                            + e.getMessage());
        }
        return new FindingException(FindingKind.ROOT_MISMATCH, position,
                "the proof does not lead to the signed root: " + e.getMessage());
    }

    private static void requireSameTree(long treeSize, Checkpoint signed)
            throws FindingException {
        if (treeSize != signed.size()) {
            throw new FindingException(FindingKind.MALFORMED, 0, "the proof is for tree size "
                    + treeSize + ", want the checkpoint's " + signed.size());
        }
    }

    private static void requirePosition(byte[] record, long position) throws FindingException {
        OptionalLong recorded = RecordLines.position(record);
        if (recorded.isEmpty() || recorded.getAsLong() != position) {
            throw new FindingException(FindingKind.MALFORMED, position, "the event holds position "
                    + (recorded.isEmpty() ? "none" : recorded.getAsLong())
                    + ", want " + position + " as the proof's leafIndex + 1");
        }
    }

    private static byte[] stripNewline(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        return Arrays.copyOf(line, end);
    }
}
