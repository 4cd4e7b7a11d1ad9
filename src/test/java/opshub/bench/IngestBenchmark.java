package opshub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import opshub.api.JsonBodies;
import opshub.store.EmbeddedDatabase;
import opshub.testing.ServerProcess;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ingest benchmark of docs/benchmarks.md. It starts PostgreSQL in this JVM and the
 * packaged server (target/quarkus-app) as a child process on that PostgreSQL, then measures,
 * each for a fixed time after a warm-up: HTTP ingest in batches and one event at a time, and
 * the raw baseline of the same rows inserted over JDBC into a copy of the ledger table.
 *
 * <p>Settings, as system properties: {@code bench.duration} and {@code bench.warmup}, the
 * measured and warm-up seconds of each scenario (default 20 and 10), and
 * {@code bench.server-warmup}, the seconds of each request shape sent, unmeasured, before the
 * first scenario (default 20).
 */
public final class IngestBenchmark {

    private static final double MIN_RATIO = 0.6;
    private static final double MAX_SINGLE_P99_MILLIS = 50;

    private final ServerProcess server;
    private final PGSimpleDataSource database;
    private final CpuSplit cpu;
    private final Duration serverWarmup;
    private final Duration warmup;
    private final Duration measured;

    private IngestBenchmark(ServerProcess server, PGSimpleDataSource database, CpuSplit cpu,
            Duration serverWarmup, Duration warmup, Duration measured) {
        this.server = server;
        this.database = database;
        this.cpu = cpu;
        this.serverWarmup = serverWarmup;
        this.warmup = warmup;
        this.measured = measured;
    }

    /** One scenario's figures; {@code ledger} only for scenarios that go through ops-hub. */
    private record Result(String label, int clients, LoadRun.Outcome outcome,
            CpuSplit.Cores cores, LedgerFigures ledger) {
    }

    public static void main(String[] args) throws Exception {
        Duration serverWarmup = seconds("bench.server-warmup", 20, 0);
        Duration warmup = seconds("bench.warmup", 10, 0);
        Duration measured = seconds("bench.duration", 20, 1);
        Path work = Files.createTempDirectory("opshub-bench-");
        try {
            run(work, serverWarmup, warmup, measured);
        } finally {
            deleteTree(work);
        }
    }

    private static void run(Path work, Duration serverWarmup, Duration warmup,
            Duration measured) throws Exception {
        Path postgresDir = work.resolve("postgres");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(postgresDir);
                ServerProcess server = ServerProcess.start(work.resolve("server"),
                        environment(postgres.datasourceSettings())).awaitReady()) {
            CpuSplit cpu = new CpuSplit(server.process().pid(), postgresDir.resolve("postgres"));
            new IngestBenchmark(server, dataSource(postgres.datasourceSettings()), cpu,
                    serverWarmup, warmup, measured).measure();
        }
    }

    private void measure() throws Exception {
        JdbcIngest.createBaselineTable(database);
        URI events = URI.create("http://localhost:" + server.port() + "/api/v1/events");
        String token = probeToken();
        AtomicLong positions = new AtomicLong(1);
        printHeader();
        warmUpServer(events, token);

        // each HTTP scenario right after its baseline, so both see the machine in one mood
        List<Result> results = new ArrayList<>();
        results.add(scenario("(c) raw JDBC, 500 rows per transaction",
                JdbcIngest.clients(database, 4, 500, positions)));
        results.add(scenario("(a) HTTP, 100-event batches",
                HttpIngest.clients(events, token, 4, 100)));
        results.add(scenario("(d) raw JDBC, 1 row per transaction",
                JdbcIngest.clients(database, 16, 1, positions)));
        results.add(scenario("(b) HTTP, 1 event per request",
                HttpIngest.clients(events, token, 32, 1)));

        printDiagnostics(results);
        check(results);
        printFinalTable(results);
    }

    /**
     * The server is a fresh JVM: until its JIT has compiled the ingest path, the compiler
     * takes up to half a core and the code runs slower, while PostgreSQL, native code, needs
     * no such warm-up. Both request shapes run unmeasured first, so that each scenario's own
     * warm-up only settles the load.
     */
    private void warmUpServer(URI events, String token) throws Exception {
        if (serverWarmup.isZero()) {
            return;
        }
        System.out.printf("warming up the server: %d s of each request shape, not measured%n",
                serverWarmup.toSeconds());
        for (int eventsPerRequest : new int[] {100, 1}) {
            List<HttpIngest> load = HttpIngest.clients(events, token,
                    eventsPerRequest == 1 ? 32 : 4, eventsPerRequest);
            try {
                LoadRun.Outcome outcome = LoadRun.run(load, serverWarmup, Duration.ZERO,
                        LoadRun.Window.NONE);
                if (outcome.errors() > 0) {
                    throw new IllegalStateException("warming up failed: "
                            + outcome.firstError());
                }
            } finally {
                for (HttpIngest client : load) {
                    client.close();
                }
            }
        }
    }

    private Result scenario(String label, List<? extends LoadRun.Client> load)
            throws Exception {
        System.out.printf("running %s ...%n", label);
        Sampler sampler = new Sampler();
        LoadRun.Outcome outcome;
        try {
            outcome = LoadRun.run(load, warmup, measured, sampler);
        } finally {
            for (LoadRun.Client client : load) {
                client.close();
            }
        }
        LedgerFigures ledger = sampler.ledgerTo.since(sampler.ledgerFrom);
        return new Result(label, load.size(), outcome, CpuSplit.between(sampler.cpuFrom,
                sampler.cpuTo), ledger.groups() > 0 ? ledger : null);
    }

    /** Samples CPU time and the ledger's counters at both edges of the measured window. */
    private final class Sampler implements LoadRun.Window {

        CpuSplit.Sample cpuFrom;
        CpuSplit.Sample cpuTo;
        LedgerFigures ledgerFrom;
        LedgerFigures ledgerTo;

        @Override
        public void opened() {
            cpuFrom = cpu.sample();
            ledgerFrom = LedgerFigures.scrape(server);
        }

        @Override
        public void closed() {
            cpuTo = cpu.sample();
            ledgerTo = LedgerFigures.scrape(server);
        }
    }

    /** Probes post with a probe token of their own, as in production, not the admin's. */
    private String probeToken() throws IOException, InterruptedException {
        HttpResponse<String> created = server.post("/api/v1/tokens",
                "{\"name\":\"" + ReferenceEvent.SOURCE + "\",\"role\":\"probe\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the probe token answered "
                    + created.statusCode() + ", want 201: " + created.body());
        }
        return JsonBodies.STRICT.readTree(created.body()).get("token").asText();
    }

    private void printHeader() throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet settings = statement.executeQuery("""
                        SELECT current_setting('server_version'), current_setting('fsync'),
                               current_setting('synchronous_commit')""")) {
            settings.next();
            System.out.printf("ops-hub ingest benchmark: %d s warm-up + %d s measured per "
                    + "scenario, %d cores; PostgreSQL %s, fsync %s, synchronous_commit %s%n",
                    warmup.toSeconds(), measured.toSeconds(),
                    Runtime.getRuntime().availableProcessors(), settings.getString(1),
                    settings.getString(2), settings.getString(3));
        }
    }

    /**
     * One final table with every figure docs/benchmarks.md records: rates and latencies, each
     * HTTP scenario's ratio to its baseline, the targets, CPU split and group commits.
     */
    private void printFinalTable(List<Result> results) {
        Result c = results.get(0);
        Result a = results.get(1);
        Result d = results.get(2);
        Result b = results.get(3);
        double batched = ratio(a, c);
        double single = ratio(b, d);
        double p99 = b.outcome().latencies().millis(0.99);
        System.out.printf("%n=== ingest benchmark, %d cores, %d s measured per scenario ===%n",
                Runtime.getRuntime().availableProcessors(), measured.toSeconds());
        System.out.printf("%-40s %7s %10s %8s %8s %6s  %-12s %s%n", "scenario", "clients",
                "events/s", "p50 ms", "p99 ms", "errors", "vs baseline", "target");
        printRow(c, "", "");
        printRow(a, String.format("%.2f of (c)", batched), String.format(">= %.1f of (c): %s",
                MIN_RATIO, met(batched >= MIN_RATIO)));
        printRow(d, "", "");
        printRow(b, String.format("%.2f of (d)", single), String.format(">= %.1f of (d): %s;"
                + " p99 <= %.0f ms: %s", MIN_RATIO, met(single >= MIN_RATIO),
                MAX_SINGLE_P99_MILLIS, met(p99 <= MAX_SINGLE_P99_MILLIS)));
        System.out.println("(latency per HTTP request or per JDBC transaction; cores:"
                + " bench / server / postgres / other)");
        results.forEach(r -> System.out.printf("%s cores %.2f / %.2f / %.2f / %.2f%s%n",
                r.label().substring(0, 3), r.cores().bench(), r.cores().server(),
                r.cores().postgres(), r.cores().other(), r.ledger() == null ? ""
                        : "; " + r.ledger().describe(measured)));
    }

    private static void printRow(Result r, String ratio, String target) {
        LoadRun.Outcome o = r.outcome();
        System.out.printf("%-40s %7d %10.0f %8.1f %8.1f %6d  %-12s %s%n", r.label(),
                r.clients(), o.eventsPerSecond(), o.latencies().millis(0.5),
                o.latencies().millis(0.99), o.errors(), ratio, target);
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    private void printDiagnostics(List<Result> results) {
        System.out.println("\nCPU in cores, averaged over the measured window:");
        results.forEach(r -> System.out.printf("  %s: %s%n", r.label().substring(0, 3),
                r.cores()));
        results.stream().filter(r -> r.outcome().firstError() != null).forEach(r ->
                System.out.printf("first error of %s: %s%n", r.label(),
                        r.outcome().firstError()));
    }

    private static double ratio(Result http, Result raw) {
        return http.outcome().eventsPerSecond() / raw.outcome().eventsPerSecond();
    }

    /**
     * Every acknowledged event is in the ledger at gapless positions, and the baseline's rows
     * are as large as the ledger's, so the two scenarios stored the same thing.
     */
    private void check(List<Result> results) throws SQLException {
        long acknowledged = results.get(1).outcome().acknowledged()
                + results.get(3).outcome().acknowledged();
        long errors = results.stream().mapToLong(r -> r.outcome().errors()).sum();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("""
                        SELECT count(*), coalesce(max(position), 0),
                               avg(octet_length(record)), 1 AS ledger_first
                        FROM public.evidence_event
                        UNION ALL
                        SELECT count(*), coalesce(max(position), 0),
                               avg(octet_length(record)), 2
                        FROM bench.evidence_event
                        ORDER BY ledger_first""")) {
            tables.next();
            long stored = tables.getLong(1);
            long head = tables.getLong(2);
            double ledgerRecord = tables.getDouble(3);
            tables.next();
            double baselineRecord = tables.getDouble(3);
            System.out.printf("checked: %d events acknowledged, %d stored at positions 1..%d;"
                    + " record %.0f bytes (ledger) vs %.0f (baseline) on average%n",
                    acknowledged, stored, head, ledgerRecord, baselineRecord);
            if (stored != head || stored < acknowledged || errors > 0) {
                throw new IllegalStateException("the run is not valid: " + errors
                        + " failed calls, " + stored + " events stored at positions 1.." + head
                        + ", " + acknowledged + " acknowledged");
            }
        }
    }

    /** quarkus.datasource.reactive.url becomes QUARKUS_DATASOURCE_REACTIVE_URL, and so on. */
    private static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        settings.forEach((key, value) -> environment.put(
                key.toUpperCase().replaceAll("[^A-Z0-9]", "_"), value));
        return environment;
    }

    private static PGSimpleDataSource dataSource(Map<String, String> settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.get("quarkus.datasource.jdbc.url"));
        dataSource.setUser(settings.get("quarkus.datasource.username"));
        dataSource.setPassword(settings.get("quarkus.datasource.password"));
        return dataSource;
    }

    private static Duration seconds(String property, long fallback, long least) {
        String value = System.getProperty(property);
        long seconds = value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
        if (seconds < least) {
            throw new IllegalArgumentException(property + " must be at least " + least
                    + " s, got " + value);
        }
        return Duration.ofSeconds(seconds);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
