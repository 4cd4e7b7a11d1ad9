package opshub.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import opshub.api.Params;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
import opshub.ledger.LedgerReader;

/**
 * Answers a projection read now or as the ledger stood at a past moment: {@code atPosition}
 * (after that event), {@code asOf} (an RFC 3339 time: after the last event recorded by then)
 * or, for a current read, {@code minPosition} (wait briefly until the projections include
 * that receipt's position). Every answer states the {@code position} it reflects; a past
 * view also says {@code asOf}. Freshness is judged at the moment asked about.
 */
@ApplicationScoped
public class StateQuery {

    private final ProjectionEngine projections;
    private final LedgerReader reader;

    StateQuery(ProjectionEngine projections, LedgerReader reader) {
        this.projections = projections;
        this.reader = reader;
    }

    /** The moment asked about; {@code view} computes the answer for a state at a time. */
    public record Moment(String asOf, String atPosition, String minPosition) {

        /** One of the three at most: minPosition means nothing for a past state. */
        void requireOne() {
            List<String> given = new ArrayList<>();
            if (asOf != null) {
                given.add("asOf");
            }
            if (atPosition != null) {
                given.add("atPosition");
            }
            if (minPosition != null) {
                given.add("minPosition");
            }
            if (given.size() > 1) {
                throw ProblemException.badParameter(given.get(1), "is given with "
                        + given.get(0) + "; a projection read takes one of asOf, atPosition"
                        + " and minPosition", given.get(1), "one of them");
            }
        }
    }

    public Uni<ObjectNode> answer(Moment moment, BiFunction<OpsState, Instant, ObjectNode> view) {
        moment.requireOne();
        if (moment.atPosition() != null) {
            long position = Params.position("atPosition", moment.atPosition(), 0);
            return withinHead("atPosition", position).chain(() -> projections.at(position))
                    .map(state -> past(view, state, state.time()));
        }
        if (moment.asOf() != null) {
            Instant time = parseTime(moment.asOf());
            return reader.positionAt(time).chain(projections::at)
                    .map(state -> past(view, state, time));
        }
        long min = Params.position("minPosition", moment.minPosition(), 0);
        return projections.awaitPosition(min)
                .call(reached -> reached >= min ? Uni.createFrom().voidItem()
                        : withinHead("minPosition", min).invoke(() -> {
                            throw new ProblemException(ProblemType.PROJECTION_BEHIND,
                                    "the projections have reached position " + reached
                                            + ", not yet minPosition " + min + "; retry shortly");
                        }))
                .map(reached -> projections.read(state -> {
                    ObjectNode answer = view.apply(state, Instant.now());
                    return stamp(answer, state.position(), null);
                }));
    }

    /** A position the ledger has not reached yet is the client's mistake, not a wait. */
    private Uni<Void> withinHead(String parameter, long position) {
        if (position <= projections.position()) {
            return Uni.createFrom().voidItem();
        }
        return reader.head().invoke(head -> {
            if (position > head) {
                throw ProblemException.badParameter(parameter, "is beyond the ledger's head",
                        position, "at most " + head);
            }
        }).replaceWithVoid();
    }

    private static ObjectNode past(BiFunction<OpsState, Instant, ObjectNode> view,
            OpsState state, Instant time) {
        return stamp(view.apply(state, time), state.position(), time);
    }

    private static ObjectNode stamp(ObjectNode answer, long position, Instant asOf) {
        ObjectNode stamped = answer.objectNode();
        stamped.put("position", position);
        if (asOf != null) {
            stamped.put("asOf", asOf.toString());
        }
        stamped.setAll(answer);
        return stamped;
    }

    private static Instant parseTime(String text) {
        Instant time;
        try {
            time = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter("asOf", "must be an RFC 3339 date-time", text,
                    "e.g. 2026-05-16T10:00:00Z");
        }
        if (time.isBefore(Params.EARLIEST_TIME)) {
            throw ProblemException.badParameter("asOf", "is before " + Params.EARLIEST_TIME
                    + " in UTC (year 0000 does not exist)", text,
                    "at least " + Params.EARLIEST_TIME);
        }
        return time;
    }
}
