package opshub.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import opshub.OpsHubConfig;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.catalog.Evidence;
import opshub.intake.EnvelopeReader;
import opshub.intake.IntakeBatch;
import opshub.intake.IntakeService;
import opshub.ledger.Receipt;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;
import org.jboss.logging.Logger;

/**
 * The built-in probes: every endpoint whose declaration has a {@code probe} is checked on its
 * interval (when {@code opshub.probes.enabled}) or on request, and each run's evidence is
 * submitted through the normal intake, as source {@value #SOURCE}, to the endpoint's widget.
 * Probes are read from the live projection at every tick, so an inventory change takes
 * effect without a restart.
 */
@ApplicationScoped
public class ProbeService {

    public static final String SOURCE = "ops-hub-probe";
    private static final Logger LOG = Logger.getLogger(ProbeService.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProjectionEngine projections;
    private final IntakeService intake;
    private final EnvelopeReader envelopes;
    private final OpsHubConfig.Probes config;
    private final ProbePool pool;
    private final ProbeSchedule schedule = new ProbeSchedule(new Random());

    ProbeService(ProjectionEngine projections, IntakeService intake, OpsHubConfig config) {
        this.projections = projections;
        this.intake = intake;
        this.envelopes = new EnvelopeReader(1, config.intake().maxClockSkew());
        this.config = config.probes();
        this.pool = new ProbePool(Math.max(1, this.config.concurrency()));
    }

    /** A declared probe, the widget its evidence goes to, and its effective settings. */
    public record Probe(ProbeSpec spec, Optional<Widget> widget, Duration interval,
            Duration timeout) {
    }

    @PreDestroy
    void close() {
        pool.close();
    }

    @Scheduled(every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (config.enabled()) {
            runDue(Instant.now(), key -> true);
        }
    }

    /**
     * Starts the {@code selected} probes due at {@code now}; each records its result when it
     * finishes. Answers the endpoints started. The schedule keeps only the probes selected
     * (the scheduler selects all of them).
     */
    List<String> runDue(Instant now, Predicate<String> selected) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        projections.read(this::probes).stream().filter(p -> selected.test(p.spec().endpoint()))
                .forEach(p -> probes.put(p.spec().endpoint(), p));
        Map<String, Duration> intervals = new LinkedHashMap<>();
        probes.forEach((key, probe) -> intervals.put(key, probe.interval()));
        List<String> due = schedule.due(intervals, now);
        for (String key : due) {
            run(probes.get(key)).subscribe().with(
                    receipt -> schedule.finished(key),
                    failure -> {
                        LOG.warnf("probe [%s] could not record its result: %s", key,
                                failure.getMessage());
                        schedule.finished(key);
                    });
        }
        return due;
    }

    /** Runs the endpoint's probe now; the receipt of the evidence it recorded. */
    public Uni<Receipt> runNow(String endpoint) {
        Probe probe = projections.read(this::probes).stream()
                .filter(p -> p.spec().endpoint().equals(endpoint)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("probe of endpoint " + endpoint));
        return run(probe);
    }

    private Uni<Receipt> run(Probe probe) {
        if (probe.widget().isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                    "endpoint " + probe.spec().endpoint() + " has no widget to address its"
                            + " evidence to; declare one with target endpoints/"
                            + probe.spec().endpoint()));
        }
        return Uni.createFrom().completionStage(() -> pool.submit(probe.spec(), probe.timeout()))
                .chain(seen -> record(probe, seen));
    }

    private Uni<Receipt> record(Probe probe, Observation seen) {
        List<ProbeEvidence.Failure> failures = ProbeEvidence.failures(probe.spec(), seen,
                probe.timeout());
        String key = probe.spec().endpoint();
        LOG.debugf("probe [%s] ran: %d failed conditions", key, failures.size());
        ObjectNode envelope = JSON.objectNode();
        envelope.put("id", SystemEvents.derivedId("probe|" + key + "|" + seen.startedAt())
                .toString());
        envelope.put("widgetId", probe.widget().get().id().toString());
        envelope.put("eventType", failures.isEmpty() ? ProbeEvidence.VERIFIED
                : ProbeEvidence.FAILED);
        envelope.put("viewContext", SOURCE);
        envelope.set("metadata", ProbeEvidence.metadata(probe.spec(), seen, failures));
        envelope.put("observedAt", seen.startedAt().toString());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        IntakeBatch batch = envelopes.read(envelope, now);
        return intake.submit(batch, SOURCE, now).map(receipts -> receipts.get(0));
    }

    /** Every endpoint that declares a valid probe; an invalid one is skipped with a warning. */
    List<Probe> probes(OpsState state) {
        List<Probe> probes = new ArrayList<>();
        for (Entity entity : state.entities().values()) {
            if (entity.ref().kind() != EntityKind.ENDPOINTS
                    || !entity.attributes().has("probe")) {
                continue;
            }
            List<FieldError> errors = new ArrayList<>();
            String key = entity.ref().key();
            Optional<ProbeSpec> spec = ProbeSpec.read(key, entity.attributes(), "", errors);
            if (spec.isEmpty()) {
                LOG.warnf("probe [%s] is not valid and does not run: %s", key, errors);
                continue;
            }
            String target = entity.ref().toString();
            Optional<Widget> widget = state.widgets().stream()
                    .filter(w -> target.equals(w.target())).findFirst();
            probes.add(new Probe(spec.get(), widget, spec.get().intervalOr(config.interval()),
                    spec.get().timeoutOr(config.timeout())));
        }
        return probes;
    }

    /** Every probe with its settings, last result and next run, as the API shows them. */
    public ObjectNode view() {
        return projections.read(state -> {
            ObjectNode view = JSON.objectNode();
            view.put("position", state.position());
            view.put("enabled", config.enabled());
            var items = view.putArray("probes");
            for (Probe probe : probes(state)) {
                items.add(view(probe, state));
            }
            return view;
        });
    }

    private ObjectNode view(Probe probe, OpsState state) {
        ProbeSpec spec = probe.spec();
        ObjectNode view = JSON.objectNode();
        view.put("endpoint", spec.endpoint());
        view.put("url", spec.url().toString());
        view.put("method", spec.method());
        var status = view.putArray("expectedStatus");
        spec.expectedStatus().forEach(status::add);
        ObjectNode headers = view.putObject("expectedHeaders");
        spec.headers().forEach(h -> headers.put(h.name(), h.want()));
        view.put("interval", probe.interval().toString());
        view.put("timeout", probe.timeout().toString());
        view.put("certExpiry", spec.certExpiry().toString());
        view.put("tlsTrust", spec.tlsTrust().name().toLowerCase());
        probe.widget().ifPresentOrElse(w -> view.put("widget", w.slug()),
                () -> view.putNull("widget"));
        view.put("running", schedule.running(spec.endpoint()));
        Optional<Instant> next = config.enabled() ? schedule.next(spec.endpoint())
                : Optional.empty();
        next.ifPresentOrElse(n -> view.put("nextRun", n.toString()), () -> view.putNull(
                "nextRun"));
        lastResult(spec.endpoint(), state).ifPresentOrElse(e -> view.set("lastResult",
                resultView(e)), () -> view.putNull("lastResult"));
        return view;
    }

    /** The newest evidence this probe recorded (evidence pushed by others is not its). */
    private static Optional<Evidence> lastResult(String endpoint, OpsState state) {
        Map<String, Evidence> evidence = state.evidence(new EntityRef(EntityKind.ENDPOINTS,
                endpoint));
        Evidence best = null;
        for (String type : List.of(ProbeEvidence.VERIFIED, ProbeEvidence.FAILED)) {
            Evidence candidate = evidence.get(type);
            if (candidate != null && endpoint.equals(candidate.metadata().path("probe").asText())
                    && (best == null || candidate.isNewerThan(best))) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static ObjectNode resultView(Evidence evidence) {
        ObjectNode view = JSON.objectNode();
        view.put("position", evidence.position());
        view.put("id", evidence.id().toString());
        view.put("eventType", evidence.eventType());
        view.put("observedAt", evidence.observedAt().toString());
        view.put("verified", ProbeEvidence.VERIFIED.equals(evidence.eventType()));
        JsonNode status = evidence.metadata().get("observedStatus");
        if (status != null) {
            view.set("observedStatus", status);
        }
        JsonNode failures = evidence.metadata().get("failures");
        if (failures != null) {
            view.set("failures", failures);
        }
        return view;
    }
}
