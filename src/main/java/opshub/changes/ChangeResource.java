package opshub.changes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import opshub.security.Requires;
import opshub.security.Role;
import opshub.security.TokenRegistry;

/**
 * {@code GET /api/v1/changes/stream}: Server-Sent Events, first {@code ready} with the
 * projection position the feed starts after, then a {@code change} for every changed answer
 * (data {@code {"position","kind","id"}}, SSE id the position), and a comment every
 * {@value #KEEP_ALIVE_SECONDS} s so that proxies keep the connection and dead ones are noticed.
 */
@Path("/api/v1/changes")
public class ChangeResource {

    static final long KEEP_ALIVE_SECONDS = 15;

    private static final Duration TOKEN_CHECK = Duration.ofSeconds(2);

    private final ChangeFeed feed;
    private final TokenRegistry tokens;

    ChangeResource(ChangeFeed feed, TokenRegistry tokens) {
        this.feed = feed;
        this.tokens = tokens;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Requires(Role.READER)
    public Multi<OutboundSseEvent> stream(@Context Sse sse,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Multi<OutboundSseEvent> notices = feed.subscribe().map(notice -> event(sse, notice));
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks()
                .every(Duration.ofSeconds(KEEP_ALIVE_SECONDS))
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        // a stream is authorised as long as it is open: a revoked token's stream ends
        String token = authorization.substring("Bearer ".length()).trim();
        OutboundSseEvent revoked = sse.newEventBuilder().comment("token revoked").build();
        Multi<OutboundSseEvent> revocation = Multi.createFrom().ticks()
                .every(TOKEN_CHECK)
                .onItem().transformToUniAndConcatenate(tick -> tokens.authenticate(token))
                .select().where(caller -> caller.isEmpty()
                        || !caller.get().role().permits(Role.READER))
                .map(caller -> revoked);
        return Multi.createBy().merging().streams(notices, keepAlive, revocation)
                .select().first(event -> event != revoked);
    }

    private static OutboundSseEvent event(Sse sse, ChangeFeed.Notice notice) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (notice instanceof ChangeFeed.Start start) {
            data.put("position", start.position());
            return sse.newEventBuilder().name("ready").data(data.toString()).build();
        }
        Change change = ((ChangeFeed.Changed) notice).change();
        data.put("position", change.position());
        data.put("kind", change.kind().wire());
        data.put("id", change.id());
        return sse.newEventBuilder().name("change").id(String.valueOf(change.position()))
                .data(data.toString()).build();
    }
}
