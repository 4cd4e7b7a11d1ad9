package opshub.projection;

import jakarta.ws.rs.QueryParam;

/** The {@code asOf}, {@code atPosition} and {@code minPosition} query parameters. */
public class MomentParams {

    @QueryParam("asOf")
    String asOf;

    @QueryParam("atPosition")
    String atPosition;

    @QueryParam("minPosition")
    String minPosition;

    public StateQuery.Moment moment() {
        return new StateQuery.Moment(asOf, atPosition, minPosition);
    }
}
