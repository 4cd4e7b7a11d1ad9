package opshub.stream;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import opshub.ledger.RecordedEvent;
import org.jboss.logging.Logger;

/**
 * One open event stream. All its state lives on the connection's Vert.x context: ledger
 * wake-ups, page reads, drains and timer ticks all hop onto it, so nothing here needs a lock.
 *
 * <p>Memory per subscriber is bounded: a page is read only while the connection's write
 * queue is below {@link #WRITE_QUEUE_BYTES}, so at most that plus one page is held. A client
 * that leaves the queue full for {@code opshub.stream.stall-timeout} is disconnected; it
 * resumes with {@code Last-Event-ID} and misses nothing, because the ledger keeps everything.
 */
final class StreamSubscriber {

    private static final Logger LOG = Logger.getLogger(StreamSubscriber.class);
    static final int WRITE_QUEUE_BYTES = 256 * 1024;
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

    private final EventStream stream;
    private final HttpServerResponse response;
    private final Context context;
    /** The bearer token the stream was opened with, checked again while it is open. */
    private final String token;
    private final long heartbeatNanos;
    private final long stallNanos;
    /** The position of the last event written; the next page starts after it. */
    private long cursor;
    /** True when the ledger may hold events after the cursor. */
    private boolean behind = true;
    private boolean reading;
    private boolean closed;
    private long lastWriteNanos;
    private long fullSinceNanos;
    private long timer = -1;

    StreamSubscriber(EventStream stream, HttpServerResponse response, Context context,
            String token, long after) {
        this.stream = stream;
        this.response = response;
        this.context = context;
        this.token = token;
        this.cursor = after;
        this.heartbeatNanos = stream.config().heartbeat().toNanos();
        this.stallNanos = stream.config().stallTimeout().toNanos();
    }

    void start() {
        response.setChunked(true)
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
        // sends the headers at once, so the client knows the stream is open
        write(Buffer.buffer(": events after position " + cursor + "\n\n"));
        timer = stream.vertx().setPeriodic(tickMillis(), id -> tick());
        pump();
    }

    /** The ledger's head is at least {@code head}; from any thread. */
    void headAt(long head) {
        context.runOnContext(v -> {
            if (head > cursor) {
                behind = true;
                pump();
            }
        });
    }

    /**
     * Reads the next page when the ledger may have more, no read is in flight and the
     * connection can take it. A wake-up during a read sets {@code behind} again, so the loop
     * reads once more afterwards: no wake-up is lost.
     */
    private void pump() {
        if (closed || reading || !behind || !writable()) {
            return;
        }

        behind = false;
        reading = true;
        stream.page(cursor).subscribe().with(
                events -> context.runOnContext(v -> deliver(events)),
                failure -> context.runOnContext(v -> readFailed(failure)));
    }

    private void deliver(List<RecordedEvent> events) {
        reading = false;
        if (closed) {
            return;
        }
        for (RecordedEvent event : events) {
            write(stream.message(event));
            cursor = event.position();
        }
        if (!events.isEmpty()) {
            // a full page, or one cut short by its byte limit: there may be more
            behind = true;
        }
        pump();
    }

    private void readFailed(Throwable failure) {
        reading = false;
        LOG.warnf("stream read after position %d failed, closing: %s", cursor,
                failure.getMessage());
        response.reset();
        close();
    }

    /** True when the write queue has room; otherwise waits for it to drain. */
    private boolean writable() {
        if (!response.writeQueueFull()) {
            fullSinceNanos = 0;
            return true;
        }
        if (fullSinceNanos == 0) {
            fullSinceNanos = System.nanoTime();
            response.drainHandler(v -> {
                fullSinceNanos = 0;
                pump();
            });
        }
        return false;
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (!writable()) {
            if (now - fullSinceNanos >= stallNanos) {
                stream.dropped(this, cursor);
                response.reset();
                close();
            }
            return;
        }
        if (now - lastWriteNanos >= heartbeatNanos) {
            write(HEARTBEAT);
        }
    }

    private void write(Buffer buffer) {
        response.write(buffer);
        lastWriteNanos = System.nanoTime();
    }

    private long tickMillis() {
        Duration shortest = stream.config().heartbeat().compareTo(stream.config().stallTimeout())
                < 0 ? stream.config().heartbeat() : stream.config().stallTimeout();
        return Math.max(100, shortest.toMillis() / 4);
    }

    String token() {
        return token;
    }

    /** The position of the last event written; from any thread, for logs. */
    long position() {
        return cursor;
    }

    /** Its token no longer allows reading: ends the stream; from any thread. */
    void revoked() {
        context.runOnContext(v -> {
            if (!closed) {
                response.end();
                close();
            }
        });
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer >= 0) {
            stream.vertx().cancelTimer(timer);
        }
        stream.closed(this);
    }
}
