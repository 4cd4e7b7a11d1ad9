package opshub.api;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** PostgreSQL cannot be reached right now; the client should retry after a short pause. */
public final class StoreUnavailableException extends ProblemException {

    public static final int RETRY_AFTER_SECONDS = 2;

    public StoreUnavailableException(Throwable cause) {
        super(ProblemType.STORE_UNAVAILABLE,
                "the event store cannot be reached; nothing was recorded, retry later",
                List.of(), Map.of(), cause);
    }

    /**
     * True when the failure is about reaching PostgreSQL (connection lost, server shutting
     * down or out of connections) rather than about the statement itself.
     */
    public static boolean isUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return isUnavailabilityState(pg.getSqlState());
            }
            if (t instanceof IOException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException || t instanceof StoreUnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return isVertxConnectionFailure(failure);
    }

    private static boolean isUnavailabilityState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P")
                || sqlState.startsWith("53"));
    }

    /** Vert.x reports a refused or reset connection without a typed exception. */
    private static boolean isVertxConnectionFailure(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase();
        return message.contains("connection refused") || message.contains("connection reset")
                || message.contains("closed") || message.contains("timeout")
                || message.contains("timed out");
    }
}
