package opshub.changes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import opshub.projection.AppliedEvent;
import opshub.projection.ApplyHook;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;

/**
 * The live feed of changed projection answers. As the live state applies each event it asks
 * {@link ChangeDetector} what the event changed (only while someone listens: otherwise the
 * projection pays nothing), and once the projection has advanced it hands the changes, in
 * position order, to every subscriber. A subscriber that falls more than {@value #BUFFER}
 * notices behind is dropped with an error, and reconnects.
 */
@ApplicationScoped
public class ChangeFeed implements ApplyHook {

    static final int BUFFER = 4096;

    private final ProjectionEngine projections;
    private final List<MultiEmitter<? super Notice>> subscribers = new CopyOnWriteArrayList<>();
    private final Queue<Change> pending = new ConcurrentLinkedQueue<>();

    ChangeFeed(ProjectionEngine projections) {
        this.projections = projections;
    }

    /** What a subscriber receives: first where the feed starts, then each change. */
    public sealed interface Notice permits Start, Changed {
    }

    /** The projection's position when the subscription started. */
    public record Start(long position) implements Notice {
    }

    public record Changed(Change change) implements Notice {
    }

    void start(@Observes StartupEvent event) {
        projections.onApply(this);
        projections.onAdvance(position -> publish());
    }

    /** Changes from the moment of subscription on, after a {@link Start}. */
    public Multi<Notice> subscribe() {
        Multi<Notice> notices = Multi.createFrom().emitter(emitter -> {
            subscribers.add(emitter);
            emitter.onTermination(() -> subscribers.remove(emitter));
            emitter.emit(new Start(projections.position()));
        }, BackPressureStrategy.ERROR);
        return notices.onOverflow().buffer(BUFFER);
    }

    @Override
    public void around(OpsState state, AppliedEvent event, Runnable apply) {
        if (subscribers.isEmpty()) {
            apply.run();
            return;
        }
        ChangeDetector.Before before = ChangeDetector.before(state, event);
        apply.run();
        pending.addAll(ChangeDetector.changes(before, state, event));
    }

    /** Serialised, so that every subscriber sees the changes in position order. */
    private synchronized void publish() {
        for (Change change = pending.poll(); change != null; change = pending.poll()) {
            Changed notice = new Changed(change);
            subscribers.forEach(s -> s.emit(notice));
        }
    }
}
