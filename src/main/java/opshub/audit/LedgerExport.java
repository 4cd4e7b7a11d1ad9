package opshub.audit;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicLong;
import opshub.api.FieldError;
import opshub.api.ProblemException;

/**
 * The ledger as NDJSON: one line per event, each line exactly the event's recorded bytes and a
 * newline (0x0A). Records are compact JSON, so they hold no raw newline. Read page by page in
 * position order, so an export of any length needs the memory of one page.
 */
@ApplicationScoped
public class LedgerExport {

    static final int PAGE = 1000;

    private final Pool pool;

    LedgerExport(Pool pool) {
        this.pool = pool;
    }

    /**
     * Positions {@code from}..{@code to}; to defaults to the head at the start. A range
     * outside the ledger fails before the first line, so the client still gets a 422.
     */
    public Multi<ExportPage> export(long from, Long to) {
        Uni<Long> head = pool.query("SELECT coalesce(max(position), 0) FROM evidence_event")
                .execute().map(rows -> rows.iterator().next().getLong(0));
        return head.onItem().transformToMulti(last -> {
            long end = to == null ? last : to;
            requireRange(from, end, last);
            return pages(from, end);
        });
    }

    private Multi<ExportPage> pages(long from, long to) {
        AtomicLong next = new AtomicLong(from);
        return Multi.createBy().repeating()
                .uni(() -> pool.preparedQuery("""
                                SELECT position, record FROM evidence_event
                                WHERE position >= $1 AND position <= $2
                                ORDER BY position LIMIT $3""")
                        .execute(Tuple.of(next.get(), to, PAGE))
                        .map(rows -> page(rows, next)))
                .whilst(page -> page.lines() > 0 && next.get() <= to)
                .select().where(page -> page.lines() > 0);
    }

    /** The page's records joined by newlines; the stream adds the newline after the last. */
    private static ExportPage page(Iterable<Row> rows, AtomicLong next) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(PAGE * 512);
        int lines = 0;
        for (Row row : rows) {
            if (lines++ > 0) {
                bytes.write('\n');
            }
            bytes.writeBytes(row.getBuffer(1).getBytes());
            next.set(row.getLong(0) + 1);
        }
        return new ExportPage(bytes.toByteArray(), lines);
    }

    private static void requireRange(long from, long to, long head) {
        if (from < 1 || from > Math.max(head, 1)) {
            throw ProblemException.invalid(FieldError.parameter("from",
                    "must be from 1 to the head " + head, from, "1.." + Math.max(head, 1)));
        }
        // an empty range only for an empty ledger: otherwise it is a client's mistake
        if ((to < from && head > 0) || to > head) {
            throw ProblemException.invalid(FieldError.parameter("to",
                    "must be from " + from + " to the head " + head, to, from + ".." + head));
        }
    }
}
