package opshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import opshub.store.EmbeddedDatabase;

/**
 * The projection benchmark (docs/benchmarks.md, Projections): a ledger of 1,000,000
 * synthetic events over 10,000 entities, then per round the raw PostgreSQL read beside the
 * server's start-up catch-up and rebuild, its memory, catalog and readiness reads at a fixed
 * rate, and an {@code atPosition} read half-way through the ledger. Everything runs on
 * localhost in a temporary directory that is removed at the end.
 *
 * <p>Run it with the command in docs/benchmarks.md; settings are system properties
 * ({@code -Dbench.rounds=3}, see {@link Settings}). It ends with one table holding every
 * figure the results table of docs/benchmarks.md records, ratios to the raw baseline
 * included.
 */
public final class ProjectionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAR = "target/quarkus-app/quarkus-run.jar";

    private ProjectionBenchmark() {
    }

    /** What to run; each is a system property {@code bench.<name>}. */
    record Settings(int events, int entities, int rounds, int rebuilds, int rate,
            int loadSeconds, int warmupSeconds, long atPosition, String heap, long seed,
            String dir, boolean profile) {

        static Settings fromSystemProperties() {
            return new Settings(integer("events", 1_000_000), integer("entities", 10_000),
                    integer("rounds", 2), integer("rebuilds", 2), integer("rate", 500),
                    integer("seconds", 20), integer("warmup", 5),
                    integer("atPosition", 500_000), System.getProperty("bench.heap", "default"),
                    integer("seed", 20_260_516), System.getProperty("bench.dir", ""),
                    Boolean.getBoolean("bench.profile"));
        }

        private static int integer(String name, int otherwise) {
            return Integer.parseInt(System.getProperty("bench." + name,
                    String.valueOf(otherwise)).replace("_", ""));
        }
    }

    /** One rebuild: its answer and the wall time of the request. */
    record RebuildRun(long position, long millis, double wallSeconds, double cpuSeconds,
            boolean equalToLive) {
        double eventsPerSecond() {
            return position / (millis / 1000.0);
        }

        double eventsPerCpuSecond() {
            return position / cpuSeconds;
        }
    }

    /** The atPosition reads, in milliseconds. */
    record AsOf(double first, double cached, double readiness) {
    }

    /** Everything one round measured. */
    record Round(double loadAverage, LedgerBaseline.Pass sequential, LedgerBaseline.Pass paged,
            LedgerBaseline.Pass inProcess, BenchServer.Start start,
            BenchServer.Memory afterStart, List<RebuildRun> rebuilds,
            BenchServer.Memory afterRebuild, BenchServer.Memory afterGc,
            List<ReadLoad.Summary> alone, ReadLoad.Result load, double loadCpuMillisPerRequest,
            double loadAverageAfterLoad, AsOf asOf) {

        double bestRebuildRate() {
            return rebuilds.stream().mapToDouble(RebuildRun::eventsPerSecond).max().orElse(0);
        }

        double medianRebuildRate() {
            return median(rebuilds.stream().mapToDouble(RebuildRun::eventsPerSecond).toArray());
        }

        double medianRebuildCpuRate() {
            return median(rebuilds.stream().mapToDouble(RebuildRun::eventsPerCpuSecond)
                    .toArray());
        }

        /** The median rebuild against the raw keyset-paged read of the same round. */
        double rebuildToPaged() {
            return medianRebuildRate() / paged.eventsPerSecond();
        }

        double rebuildToSequential() {
            return medianRebuildRate() / sequential.eventsPerSecond();
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        if (!Files.isRegularFile(Path.of(JAR))) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -DskipTests package"
                    + " first (the documented command does)");
        }
        // bench.dir keeps the prepared ledger for further runs (and the JFR files)
        boolean temporary = settings.dir().isEmpty();
        Path work = temporary ? Files.createTempDirectory("opshub-projbench-")
                : Files.createDirectories(Path.of(settings.dir()).toAbsolutePath());
        say("settings %s", settings);
        say("working directory %s", work);
        try {
            run(settings, work);
        } finally {
            if (temporary) {
                deleteRecursively(work);
            }
        }
    }

    private static void run(Settings settings, Path work) throws Exception {
        List<Round> rounds = new ArrayList<>();
        BenchServer.Start referenceStart;
        SyntheticLedger.Written written;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("db"));
                Connection jdbc = connect(database)) {
            Map<String, String> env = datasourceEnvironment(database);
            Map<String, String> measured = new LinkedHashMap<>(env);
            // the reference file would retire the synthetic entities it does not list
            measured.put("OPSHUB_INVENTORY_FILES", work.resolve("no-inventory.yaml").toString());
            Prepared prepared = Prepared.read(work);
            if (prepared == null) {
                prepared = prepare(work, env, measured, jdbc, settings);
            } else {
                say("steps 1-2: reusing the ledger prepared in %s", work);
            }
            referenceStart = prepared.referenceStart();
            written = prepared.written(settings);

            for (int n = 1; n <= settings.rounds(); n++) {
                say("round %d of %d", n, settings.rounds());
                rounds.add(round(n, work, measured, jdbc, written, settings));
            }
        }
        report(settings, referenceStart, written, rounds);
    }

    /** What steps 1 and 2 leave for the rounds; kept in bench.dir for a later run. */
    record Prepared(BenchServer.Start referenceStart, long first, long head, long recordBytes,
            double seconds) {

        SyntheticLedger.Written written(Settings settings) {
            // the inventory comes first from the seeded random, so its keys are reproducible
            List<String> endpoints = SyntheticInventory.of(settings.entities(),
                    new java.util.Random(settings.seed())).keys("endpoints");
            return new SyntheticLedger.Written(first, head, recordBytes, seconds, endpoints);
        }

        void write(Path work) throws IOException {
            Files.writeString(work.resolve("prepared.txt"), referenceStart.readySeconds() + " "
                    + referenceStart.position() + " " + first + " " + head + " " + recordBytes
                    + " " + seconds);
        }

        static Prepared read(Path work) throws IOException {
            Path file = work.resolve("prepared.txt");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String[] f = Files.readString(file).trim().split(" ");
            return new Prepared(new BenchServer.Start(Double.parseDouble(f[0]),
                    Double.parseDouble(f[0]), Long.parseLong(f[1])), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]));
        }
    }

    private static Prepared prepare(Path work, Map<String, String> env,
            Map<String, String> measured, Connection jdbc, Settings settings) throws Exception {
        say("step 1: first start on an empty database (migrate, manifest, inventory)");
        loadReference(work, env, settings);
        BenchServer.Start referenceStart = startAndStop(work, "server-reference", measured,
                settings, head(jdbc));

        say("step 2: appending %,d synthetic events over %,d entities", settings.events(),
                settings.entities());
        SyntheticLedger.Written written = SyntheticLedger.append(jdbc, settings.events(),
                settings.entities(), settings.seed());
        say("  positions %,d..%,d, %,d record bytes (%.0f per event), in %.1f s",
                written.first(), written.head(), written.recordBytes(),
                written.recordBytes() / (double) settings.events(), written.seconds());
        settle(jdbc);
        Prepared prepared = new Prepared(referenceStart, written.first(), written.head(),
                written.recordBytes(), written.seconds());
        prepared.write(work);
        return prepared;
    }

    private static void loadReference(Path work, Map<String, String> env, Settings settings)
            throws Exception {
        try (BenchServer server = BenchServer.start(work, "server-first", env,
                settings.heap())) {
            server.awaitCaughtUp(0);
            awaitInventory(server);
        }
    }

    /** A start on the reference ledger alone: the fixed cost every start pays. */
    private static BenchServer.Start startAndStop(Path work, String name,
            Map<String, String> env, Settings settings, long head) throws Exception {
        try (BenchServer server = BenchServer.start(work, name, env, settings.heap())) {
            BenchServer.Start start = server.awaitCaughtUp(head);
            say("  start on the reference ledger (%,d events): ready after %.2f s",
                    start.position(), start.readySeconds());
            return start;
        }
    }

    private static Round round(int n, Path work, Map<String, String> env, Connection jdbc,
            SyntheticLedger.Written written, Settings settings) throws Exception {
        double loadAverage = BenchServer.loadAverage();
        say("  machine load average (1 min): %.2f on %d cores", loadAverage,
                Runtime.getRuntime().availableProcessors());
        say("  plan of the sequential read: %s", LedgerBaseline.sequentialPlan(jdbc));
        LedgerBaseline.Pass sequential = LedgerBaseline.sequentialRead(jdbc);
        say("  raw JDBC sequential read: %,d rows in %.2f s = %,.0f rows/s", sequential.events(),
                sequential.seconds(), sequential.eventsPerSecond());
        LedgerBaseline.Pass paged = LedgerBaseline.pagedRead(jdbc, 1000);
        say("  raw JDBC keyset pages of 1000: %.2f s = %,.0f rows/s", paged.seconds(),
                paged.eventsPerSecond());
        LedgerBaseline.Pass inProcess = LedgerBaseline.replayInProcess(jdbc);
        say("  in-process read+parse+apply: %.2f s = %,.0f events/s", inProcess.seconds(),
                inProcess.eventsPerSecond());

        long head = head(jdbc);
        try (BenchServer server = BenchServer.start(work, "server-round-" + n, env,
                settings.heap())) {
            BenchServer.Start start = server.awaitCaughtUp(head);
            say("  start-up: ready after %.2f s, projections at %,d after %.2f s",
                    start.readySeconds(), start.position(), start.caughtUpSeconds());
            BenchServer.Memory afterStart = server.memory();
            say("  memory after start-up: %s", memory(afterStart));

            List<RebuildRun> rebuilds = new ArrayList<>();
            profile(server, settings, "JFR.start", "name=rebuild", "settings=profile",
                    "filename=" + work.resolve("rebuild-round-" + n + ".jfr"));
            for (int i = 0; i < settings.rebuilds(); i++) {
                rebuilds.add(rebuild(server));
            }
            profile(server, settings, "JFR.stop", "name=rebuild");
            BenchServer.Memory afterRebuild = server.memory();
            say("  memory after rebuilds: %s", memory(afterRebuild));
            server.collectGarbage();
            BenchServer.Memory afterGc = server.memory();
            say("  memory after a full GC: %s", memory(afterGc));

            String token = readerToken(server, n);
            List<ReadLoad.Target> targets = targets(written.endpointKeys());
            ReadLoad.run(server, token, targets, settings.rate(),
                    Duration.ofSeconds(settings.warmupSeconds()), settings.seed() + n);
            List<ReadLoad.Summary> alone = ReadLoad.oneAtATime(server, token, targets, 200,
                    settings.seed());
            say("  reads one at a time (no concurrency, 200 each):");
            alone.forEach(s -> say("    %s", ReadLoad.describe(s)));
            profile(server, settings, "JFR.start", "name=reads", "settings=profile",
                    "filename=" + work.resolve("reads-round-" + n + ".jfr"));
            double cpuBefore = server.cpuSeconds();
            double clientCpuBefore = BenchServer.ownCpuSeconds();
            ReadLoad.Result load = ReadLoad.run(server, token, targets, settings.rate(),
                    Duration.ofSeconds(settings.loadSeconds()), settings.seed() - n);
            double cpuPerRequest = (server.cpuSeconds() - cpuBefore) * 1000
                    / load.all().requests();
            double clientCpuPerRequest = (BenchServer.ownCpuSeconds() - clientCpuBefore) * 1000
                    / load.all().requests();
            double loadAfter = BenchServer.loadAverage();
            profile(server, settings, "JFR.stop", "name=reads");
            say("  reads at %d/s for %d s (dispatched at %.1f/s; CPU per request: server %.2f"
                    + " ms, this client %.2f ms; load average after %.2f):", settings.rate(),
                    settings.loadSeconds(), load.achievedRate(), cpuPerRequest,
                    clientCpuPerRequest, loadAfter);
            load.summaries().forEach(s -> say("    %s", ReadLoad.describe(s)));

            AsOf asOf = asOf(server, token, settings.atPosition());
            say("  atPosition=%d: catalog first %.0f ms, cached %.1f ms; readiness %.1f ms",
                    settings.atPosition(), asOf.first(), asOf.cached(), asOf.readiness());
            return new Round(loadAverage, sequential, paged, inProcess, start, afterStart,
                    rebuilds, afterRebuild, afterGc, alone, load, cpuPerRequest, loadAfter, asOf);
        }
    }

    /** With bench.profile, a flight recording of the step (its file stays in bench.dir). */
    private static void profile(BenchServer server, Settings settings, String... command)
            throws Exception {
        if (settings.profile()) {
            server.jcmd(command);
        }
    }

    private static RebuildRun rebuild(BenchServer server) throws Exception {
        double cpuBefore = server.cpuSeconds();
        long start = System.nanoTime();
        HttpResponse<String> response = server.post("/api/v1/projections/rebuild",
                BenchServer.ADMIN_TOKEN, "");
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = server.cpuSeconds() - cpuBefore;
        JsonNode answer = ok(response, "rebuild");
        RebuildRun run = new RebuildRun(answer.path("position").asLong(),
                answer.path("millis").asLong(), wall, cpu,
                answer.path("equalToLive").asBoolean());
        say("  rebuild: %,d events in %,d ms = %,.0f events/s (request %.2f s, server CPU"
                + " %.2f s = %,.0f events per CPU second, equalToLive %s)", run.position(),
                run.millis(), run.eventsPerSecond(), wall, cpu, run.eventsPerCpuSecond(),
                run.equalToLive());
        return run;
    }

    private static AsOf asOf(BenchServer server, String token, long position) throws Exception {
        String catalog = "/api/v1/catalog?atPosition=" + position;
        double first = timedGet(server, token, catalog);
        double cached = timedGet(server, token, catalog);
        double readiness = timedGet(server, token,
                "/api/v1/readiness/gitea-registry?atPosition=" + position);
        return new AsOf(first, cached, readiness);
    }

    private static double timedGet(BenchServer server, String token, String path)
            throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = server.get(path, token);
        double millis = (System.nanoTime() - start) / 1e6;
        ok(response, path);
        return millis;
    }

    private static List<ReadLoad.Target> targets(List<String> endpointKeys) {
        return List.of(
                new ReadLoad.Target("GET catalog", List.of("/api/v1/catalog")),
                new ReadLoad.Target("GET catalog/endpoints/*", endpointKeys.stream()
                        .map(key -> "/api/v1/catalog/endpoints/" + key).toList()),
                new ReadLoad.Target("GET readiness/gate",
                        List.of("/api/v1/readiness/gitea-registry")));
    }

    private static String readerToken(BenchServer server, int round) throws Exception {
        HttpResponse<String> response = server.post("/api/v1/tokens", BenchServer.ADMIN_TOKEN,
                "{\"name\":\"bench-reader-" + round + "-" + System.currentTimeMillis()
                        + "\",\"role\":\"reader\"}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("token: got " + response.statusCode() + " "
                    + response.body() + ", want 201");
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** The first start loads the inventory after it answers ready; wait for the entities. */
    private static void awaitInventory(BenchServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = server.get("/api/v1/catalog",
                    BenchServer.ADMIN_TOKEN);
            if (response.statusCode() == 200
                    && JSON.readTree(response.body()).path("counts").path("endpoints").asInt() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the reference inventory was not loaded; see "
                + server.log());
    }

    private static JsonNode ok(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + ": got " + response.statusCode() + " "
                    + response.body() + ", want 200");
        }
        return JSON.readTree(response.body());
    }

    // --- Database ----------------------------------------------------------------------------

    private static Connection connect(EmbeddedDatabase database) throws SQLException {
        Map<String, String> settings = database.datasourceSettings();
        return DriverManager.getConnection(settings.get("quarkus.datasource.jdbc.url"),
                settings.get("quarkus.datasource.username"),
                settings.get("quarkus.datasource.password"));
    }

    private static Map<String, String> datasourceEnvironment(EmbeddedDatabase database) {
        Map<String, String> env = new LinkedHashMap<>();
        database.datasourceSettings().forEach((key, value) -> env.put(
                key.toUpperCase().replaceAll("[^A-Z0-9]", "_"), value));
        return env;
    }

    private static long head(Connection jdbc) throws SQLException {
        try (Statement statement = jdbc.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT coalesce(max(position), 0) FROM evidence_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * After a bulk load, VACUUM sets hint bits and the visibility map and ANALYZE the
     * statistics, as autovacuum would soon after; otherwise the first reader pays for it.
     */
    private static void settle(Connection jdbc) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("VACUUM (ANALYZE) evidence_event");
            statement.execute("CHECKPOINT");
        }
        say("  VACUUM (ANALYZE) and CHECKPOINT in %.1f s", (System.nanoTime() - start) / 1e9);
    }

    // --- Report ------------------------------------------------------------------------------

    private static void report(Settings settings, BenchServer.Start reference,
            SyntheticLedger.Written written, List<Round> rounds) {
        say("");
        say("=== projection benchmark: %,d events (%,d synthetic), %d rounds, server -Xmx%s ===",
                written.head(), settings.events(), rounds.size(), settings.heap());
        say("%s UTC; %d cores; JDK %s; %s", java.time.Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS), Runtime.getRuntime()
                .availableProcessors(), System.getProperty("java.version"), machine());
        say("%-52s %-26s %-14s %-10s %s", "figure", "per round", "median", "target", "met");
        row("rebuild, events/s (best of round)", rounds, Round::bestRebuildRate, "%,.0f",
                ">= 100,000", m -> m >= 100_000);
        row("rebuild, events/s (median of round)", rounds, Round::medianRebuildRate, "%,.0f",
                ">= 100,000", m -> m >= 100_000);
        row("rebuild, events per server CPU second", rounds, Round::medianRebuildCpuRate,
                "%,.0f", "", null);
        row("raw JDBC sequential read, rows/s", rounds, r -> r.sequential().eventsPerSecond(),
                "%,.0f", "", null);
        row("raw JDBC keyset pages of 1000, rows/s", rounds, r -> r.paged().eventsPerSecond(),
                "%,.0f", "", null);
        row("rebuild / raw keyset pages (ratio)", rounds, Round::rebuildToPaged, "%.2f", "",
                null);
        row("rebuild / raw sequential read (ratio)", rounds, Round::rebuildToSequential,
                "%.2f", "", null);
        row("in-process read+parse+apply, events/s", rounds,
                r -> r.inProcess().eventsPerSecond(), "%,.0f", "", null);
        row("start-up: process start to ready, s", rounds, r -> r.start().readySeconds(),
                "%.2f", "", null);
        row("start-up: process start to lag 0, s", rounds, r -> r.start().caughtUpSeconds(),
                "%.2f", "", null);
        row("start-up catch-up, events/s (net of ref. start)", rounds,
                r -> catchUpRate(r, written, reference), "%,.0f", "", null);
        row("start-up catch-up / raw keyset pages (ratio)", rounds,
                r -> catchUpRate(r, written, reference) / r.paged().eventsPerSecond(), "%.2f",
                "", null);
        row("memory after start-up: VmRSS, MiB", rounds, r -> r.afterStart().rssMib(), "%.0f",
                "", null);
        row("memory after rebuilds: VmHWM, MiB", rounds, r -> r.afterRebuild().hwmMib(), "%.0f",
                "", null);
        row("memory after rebuilds: heap used, MiB", rounds,
                r -> r.afterRebuild().heapUsedMib(), "%.0f", "", null);
        row("memory after full GC: heap used, MiB", rounds, r -> r.afterGc().heapUsedMib(),
                "%.0f", "", null);
        row("reads at " + settings.rate() + "/s: p50, ms", rounds, r -> r.load().all().p50(),
                "%.2f", "", null);
        row("reads at " + settings.rate() + "/s: p99, ms", rounds, r -> r.load().all().p99(),
                "%.2f", "<= 10", m -> m <= 10);
        row("reads at " + settings.rate() + "/s: p99 from send, ms", rounds,
                r -> r.load().all().p99FromSend(), "%.2f", "", null);
        for (int i = 1; i < rounds.get(0).load().summaries().size(); i++) {
            int label = i;
            String name = rounds.get(0).load().summaries().get(i).label();
            row("  " + name + ": p99, ms", rounds,
                    r -> r.load().summaries().get(label).p99(), "%.2f", "<= 10", m -> m <= 10);
        }
        for (int i = 1; i < rounds.get(0).alone().size(); i++) {
            int label = i;
            String name = rounds.get(0).alone().get(i).label();
            row("  " + name + " one at a time: p50, ms", rounds,
                    r -> r.alone().get(label).p50(), "%.2f", "", null);
        }
        row("  server CPU per read, ms", rounds, Round::loadCpuMillisPerRequest, "%.2f", "",
                null);
        row("atPosition=" + settings.atPosition() + " catalog, first, ms", rounds,
                r -> r.asOf().first(), "%.0f", "", null);
        row("atPosition=" + settings.atPosition() + " catalog, cached, ms", rounds,
                r -> r.asOf().cached(), "%.1f", "", null);
        row("atPosition=" + settings.atPosition() + " readiness, ms", rounds,
                r -> r.asOf().readiness(), "%.1f", "", null);
        row("machine load average at round start", rounds, Round::loadAverage, "%.2f", "",
                null);
        row("machine load average after the reads", rounds, Round::loadAverageAfterLoad,
                "%.2f", "", null);
        boolean allEqual = rounds.stream().flatMap(r -> r.rebuilds().stream())
                .allMatch(RebuildRun::equalToLive);
        say("every rebuild equal to the live state: %s", allEqual);
        say("reference start (%,d events) ready after %.2f s; %,d synthetic events appended"
                + " in %.1f s", reference.position(), reference.readySeconds(),
                settings.events(), written.seconds());
    }

    private static double catchUpRate(Round round, SyntheticLedger.Written written,
            BenchServer.Start reference) {
        return written.head() / (round.start().caughtUpSeconds() - reference.readySeconds());
    }

    /** The machine, as /proc/cpuinfo names its processor and /proc/meminfo its memory. */
    private static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
            String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> String.format("%.0f GiB", Long.parseLong(
                            l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)).orElse("");
            return cpu + ", " + memory;
        } catch (IOException | RuntimeException e) {
            return "machine unknown";
        }
    }

    private static void row(String figure, List<Round> rounds, ToDoubleFunction<Round> value,
            String format, String target, java.util.function.DoublePredicate met) {
        double[] values = rounds.stream().mapToDouble(value).toArray();
        String each = String.join(" / ", Arrays.stream(values)
                .mapToObj(v -> String.format(format, v)).toList());
        double median = median(values);
        String verdict = met == null ? "" : met.test(median) ? "yes" : "NO";
        say("%-52s %-26s %-14s %-10s %s", figure, each, String.format(format, median), target,
                verdict);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle]
                : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String memory(BenchServer.Memory memory) {
        return String.format("VmHWM %.0f MiB, VmRSS %.0f MiB, heap used %.0f MiB",
                memory.hwmMib(), memory.rssMib(), memory.heapUsedMib());
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
        System.out.flush();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
