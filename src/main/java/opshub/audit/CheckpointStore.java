package opshub.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The table of signed checkpoints, append-only, keyed by tree size. */
public final class CheckpointStore {

    private static final String COLUMNS = "tree_size, root, note, signed_at";

    private CheckpointStore() {
    }

    public static Uni<Optional<SignedCheckpoint>> latest(SqlClient client) {
        return client.query("SELECT " + COLUMNS
                        + " FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1").execute()
                .map(rows -> checkpoints(rows).stream().findFirst());
    }

    /** Checkpoints of tree sizes above {@code after}, smallest first. */
    public static Uni<List<SignedCheckpoint>> after(SqlClient client, long after, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledger_checkpoint"
                        + " WHERE tree_size > $1 ORDER BY tree_size LIMIT $2")
                .execute(Tuple.of(after, limit))
                .map(CheckpointStore::checkpoints);
    }

    public static Uni<Void> insert(SqlClient client, SignedCheckpoint checkpoint) {
        return client.preparedQuery("INSERT INTO ledger_checkpoint (" + COLUMNS
                        + ") VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(checkpoint.treeSize(), Buffer.buffer(checkpoint.root()),
                        checkpoint.note(),
                        OffsetDateTime.ofInstant(checkpoint.signedAt(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static List<SignedCheckpoint> checkpoints(RowSet<Row> rows) {
        List<SignedCheckpoint> found = new ArrayList<>(rows.size());
        for (Row row : rows) {
            found.add(new SignedCheckpoint(row.getLong("tree_size"),
                    row.getBuffer("root").getBytes(), row.getString("note"),
                    row.getOffsetDateTime("signed_at").toInstant()));
        }
        return found;
    }
}
