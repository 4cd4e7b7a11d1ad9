package opshub.api;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** PostgreSQL cannot be reached right now; the client should retry after a short pause. */
public final class StoreUnavailableException extends ProblemException {

    public static final int RETRY_AFTER_SECONDS = 2;

    public StoreUnavailableException(Throwable cause) {
        this("the event store cannot be reached; nothing was recorded, retry later", cause);
    }

    /** The store answers but could not take the write now, for the reason in detail. */
    public StoreUnavailableException(String detail, Throwable cause) {
        super(ProblemType.STORE_UNAVAILABLE, detail, List.of(), Map.of(), cause);
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
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException || t instanceof StoreUnavailableException
                    || isConnectionFailure(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isUnavailabilityState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P")
                || sqlState.startsWith("53"));
    }

    /**
     * Vert.x and Netty report a refused, reset or timed-out connection to PostgreSQL without
     * a dedicated type; anything else (a too-large request body, say) is not the store.
     */
    private static boolean isConnectionFailure(Throwable failure) {
        String type = failure.getClass().getName();
        if (!type.startsWith("io.vertx") && !type.startsWith("io.netty")) {
            return false;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase();
        return message.contains("connection refused") || message.contains("connection reset")
                || message.contains("connection is closed") || message.contains("timeout")
                || message.contains("timed out");
    }
}
