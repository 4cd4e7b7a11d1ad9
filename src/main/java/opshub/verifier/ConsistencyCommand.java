package opshub.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import opshub.merkle.Checkpoint;
import opshub.merkle.NoteVerifier;
import opshub.merkle.ProofException;
import opshub.merkle.ProofVerifier;
import opshub.merkle.RootMismatchException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks that a later signed checkpoint extends an earlier one: the ledger only grew. */
@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = "Verify a consistency proof between two signed checkpoints.")
final class ConsistencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--old", required = true, description = "the earlier checkpoint note")
    Path oldCheckpoint;

    @Option(names = "--new", required = true, description = "the later checkpoint note")
    Path newCheckpoint;

    @Option(names = "--proof", required = true,
            description = "the answer of GET /api/v1/ledger/proofs/consistency")
    Path proof;

    @Option(names = "--key", required = true, description = "file holding the verifier key")
    Path key;

    @Override
    public Integer call() throws Exception {
        NoteVerifier verifier = TrustedInputs.key(key);
        try {
            Checkpoint older = TrustedInputs.checkpoint(verifier, oldCheckpoint);
            Checkpoint newer = TrustedInputs.checkpoint(verifier, newCheckpoint);
            verify(older, newer, TrustedInputs.proof(proof));
            return VerifierMain.report(spec.commandLine().getOut(), "the tree of size "
                    + newer.size() + " extends the tree of size " + older.size(), null);
        } catch (FindingException e) {
            return VerifierMain.report(spec.commandLine().getOut(), null, e);
        }
    }

    private static void verify(Checkpoint older, Checkpoint newer, JsonNode proof)
            throws FindingException {
        long from = TrustedInputs.number(proof, "from");
        long to = TrustedInputs.number(proof, "to");
        List<byte[]> hashes = TrustedInputs.hashes(proof);
        if (from != older.size() || to != newer.size()) {
            throw new FindingException(FindingKind.MALFORMED, 0, "the proof is from " + from
                    + " to " + to + ", want from " + older.size() + " to " + newer.size());
        }
        if (older.size() == 0) {
            return; // every tree extends the empty tree
        }

        try {
            ProofVerifier.verifyConsistency(older.size(), newer.size(), hashes, older.root(),
                    newer.root());
        } catch (RootMismatchException e) {
            throw new FindingException(FindingKind.ROOT_MISMATCH, 0,
                    "the tree of size " + newer.size() + " does not extend the tree of size "
                            + older.size() + ": " + e.getMessage());
        } catch (ProofException e) {
            throw new FindingException(FindingKind.MALFORMED, 0, e.getMessage());
        }
    }
}
