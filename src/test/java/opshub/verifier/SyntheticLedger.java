package opshub.verifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opshub.merkle.Checkpoint;
import opshub.merkle.CompactRange;
import opshub.merkle.MerkleProofs;
import opshub.merkle.NodeId;
import opshub.merkle.NoteSigner;
import opshub.merkle.Rfc6962;

/** A small ledger of records in the export format, its tree, and a key that signs it. */
final class SyntheticLedger {

    static final String ORIGIN = "test-log";

    final NoteSigner signer = NoteSigner.generate(ORIGIN);
    final List<byte[]> records = new ArrayList<>();
    private final Map<NodeId, byte[]> nodes = new HashMap<>();
    private final CompactRange tree = CompactRange.empty();

    SyntheticLedger(int size) {
        this(size, 0);
    }

    /** A ledger whose record at {@code rewritten} (if > 0) differs from the usual one. */
    SyntheticLedger(int size, long rewritten) {
        for (int position = 1; position <= size; position++) {
            byte[] record = record(position,
                    position == rewritten ? "rewritten" : "event-" + position);
            records.add(record);
            byte[] leaf = Rfc6962.hashLeaf(record);
            nodes.put(NodeId.leaf(position - 1), leaf);
            tree.append(leaf).forEach(node -> nodes.put(node.id(), node.hash()));
        }
    }

    static byte[] record(long position, String text) {
        return ("{\"position\":" + position + ",\"eventType\":\"t\",\"metadata\":{\"n\":\""
                + text + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    Checkpoint checkpoint(long size) {
        return new Checkpoint(ORIGIN, size, MerkleProofs.root(size, ids -> nodes));
    }

    String note(long size) {
        return signer.sign(checkpoint(size));
    }

    List<byte[]> inclusionProof(long position, long size) {
        return MerkleProofs.inclusionProof(position - 1, size, ids -> nodes);
    }

    List<byte[]> consistencyProof(long from, long to) {
        return MerkleProofs.consistencyProof(from, to, ids -> nodes);
    }

    /** The export of the given records, each line followed by a newline. */
    static byte[] export(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(line -> {
            out.writeBytes(line);
            out.write('\n');
        });
        return out.toByteArray();
    }

    byte[] export() {
        return export(records);
    }

    /** A copy of the records with the one at {@code position} changed. */
    List<byte[]> withChanged(long position) {
        List<byte[]> changed = new ArrayList<>(records);
        changed.set((int) position - 1, record(position, "rewritten"));
        return changed;
    }

    /** A copy of the records without the one at {@code position}. */
    List<byte[]> without(long position) {
        List<byte[]> fewer = new ArrayList<>(records);
        fewer.remove((int) position - 1);
        return fewer;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
