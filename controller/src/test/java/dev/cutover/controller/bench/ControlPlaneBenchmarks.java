package dev.cutover.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.api.ApiPaths;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Control-plane benchmarks (not a test): {@code config-cycle}, {@code flag-to-route}, {@code workers}. The real
 * controller ({@link ControllerService} over a journal) reads a generated EventStreamConfig API answer from a
 * loopback HTTP server (ETag / If-None-Match). Each benchmark prints its ratio or percentiles and target last.
 * Arguments: {@code name shared-dir streams workers flips}.
 */
public final class ControlPlaneBenchmarks {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LONG_POLL = Duration.ofHours(1);
    /** Steady cycles per run (one flag flipped, alternately to the production database and back). */
    private static final int FLIPS = 7;

    private ControlPlaneBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "all";
        Path shared = Path.of(args.length > 1 ? args[1] : "../shared");
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        int flips = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        ObjectNode fixture = (ObjectNode) JSON.readTree(
                shared.resolve("fixtures/streamconfigs/production-all.json").toFile()).get("streams");
        ObjectNode config = generate(fixture, streams);
        switch (name) {
            case "config-cycle" -> configCycle(config);
            case "flag-to-route" -> flagToRoute(config, flips);
            case "workers" -> WorkerLoad.run(config, workers);
            case "all" -> {
                configCycle(config);
                flagToRoute(config, flips);
                WorkerLoad.run(config, workers);
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + name
                    + " (config-cycle|flag-to-route|workers|all)");
        }
        System.exit(0);
    }

    /** {@code n} streams cycling through the fixture's entries (managed share and regex keys kept), renamed. */
    static ObjectNode generate(ObjectNode fixture, int n) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        fixture.fields().forEachRemaining(entries::add);
        ObjectNode streams = JSON.createObjectNode();
        for (int i = 0; i < n; i++) {
            Map.Entry<String, JsonNode> e = entries.get(i % entries.size());
            String key = e.getKey();
            String name = key.startsWith("/") && key.endsWith("$/")
                    ? key.substring(0, key.length() - 2) + "_b" + i + "$/"
                    : key.startsWith("/") ? key.substring(0, key.length() - 1) + "_b" + i + "/" : key + "_b" + i;
            ObjectNode entry = e.getValue().deepCopy();
            entry.put("stream", name);
            streams.set(name, entry);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("streams", streams);
        return root;
    }

    static long managed(ObjectNode config) {
        long count = 0;
        for (Iterator<JsonNode> it = config.get("streams").elements(); it.hasNext(); ) {
            if (it.next().at("/consumers/analytics_hive_ingestion/enabled").asBoolean(false)) {
                count++;
            }
        }
        return count;
    }

    /** The first managed, non-regex stream's name. */
    static String firstManaged(ObjectNode config) {
        for (Iterator<Map.Entry<String, JsonNode>> it = config.get("streams").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("/")
                    && e.getValue().at("/consumers/analytics_hive_ingestion/enabled").asBoolean(false)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no managed stream");
    }

    static ObjectNode withFlag(ObjectNode config, String stream, Optional<String> database) {
        ObjectNode copy = config.deepCopy();
        ObjectNode hive = (ObjectNode) copy.get("streams").get(stream).get("consumers").get("analytics_hive_ingestion");
        if (database.isPresent()) {
            hive.put("hive_database", database.get());
        } else {
            hive.remove("hive_database");
        }
        return copy;
    }

    /** A controller on a fresh journal reading {@code server} (no plan order: everything automatic as defaults). */
    static ControllerService controller(ConfigServer server, Path dir, Duration poll) {
        Clock clock = Clock.systemUTC();
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(server.url(), SourceOptions.defaults()),
                dir.resolve("config"), clock, TrackerPolicy.defaults().withPollInterval(poll));
        return ControllerService.start(MigrationPlan.defaults(List.of()), tracker, Optional.empty(),
                new JournalRouteLog(dir.resolve("controller")), clock, ControllerService.Options.loopback());
    }

    static byte[] bytes(ObjectNode node) throws IOException {
        return JSON.writeValueAsBytes(node);
    }

    static ObjectNode oneStream(ObjectNode config, String stream) {
        ObjectNode small = JSON.createObjectNode();
        small.putObject("streams").set(stream, config.get("streams").get(stream).deepCopy());
        return small;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static void await(CompletableFuture<?> f) throws Exception {
        f.get(10, TimeUnit.MINUTES);
    }

    static void configCycle(ObjectNode config) throws Exception {
        int n = config.get("streams").size();
        long managed = managed(config);
        String flipped = firstManaged(config);
        byte[] full = bytes(config);
        byte[] changed = bytes(withFlag(config, flipped, Optional.of("event")));
        System.out.printf("== config-cycle: %,d streams (%,d managed), %,d bytes ==%n", n, managed, full.length);
        long[] parse = new long[2];
        long[] first = new long[2];
        long[] steady = new long[2];
        double[] unchanged = new double[2];
        for (int run = 0; run < 2; run++) {
            parse[run] = Long.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                JSON.readTree(full);
                parse[run] = Math.min(parse[run], System.nanoTime() - t0);
            }
            Path dir = Files.createTempDirectory("cutover-bench-cycle");
            try (ConfigServer server = new ConfigServer(bytes(oneStream(config, flipped)));
                 ControllerService service = controller(server, dir, LONG_POLL)) {
                await(service.pollNow());
                server.set(full);
                long t0 = System.nanoTime();
                await(service.pollNow());
                first[run] = System.nanoTime() - t0;
                check(service.view().states().size() == managed, "first cycle: " + service.view().states().size()
                        + " managed streams published, expected " + managed);
                List<Long> cycles = new ArrayList<>();
                for (int i = 0; i < FLIPS; i++) {
                    boolean on = i % 2 == 0;
                    server.set(on ? changed : full);
                    t0 = System.nanoTime();
                    await(service.pollNow());
                    cycles.add(System.nanoTime() - t0);
                    Phase phase = service.view().state(flipped).map(StreamState::phase).orElseThrow();
                    check(on == (phase != Phase.SHADOW), "steady cycle " + (i + 1) + ": " + flipped + " is " + phase);
                }
                Collections.sort(cycles);
                steady[run] = cycles.get(FLIPS / 2);
                UnchangedPolls u = UnchangedPolls.measure(service, server);
                unchanged[run] = u.controller();
                System.out.printf("run %d: bare readTree %.1f ms, first cycle %.1f ms, steady cycle (one flag, median"
                        + " of %d) %.1f ms, unchanged poll (304) %.3f ms wall and %.3f ms CPU (a bare conditional GET"
                        + " %.3f ms wall, %.3f ms CPU): controller %.3f ms CPU per poll%n", run + 1, ms(parse[run]),
                        ms(first[run]), FLIPS, ms(steady[run]), u.wall(), u.cpu(), u.bare(), u.bareCpu(),
                        u.controller());
            }
        }
        double p = Math.min(ms(parse[0]), ms(parse[1]));
        double f = Math.min(ms(first[0]), ms(first[1]));
        double s = Math.min(ms(steady[0]), ms(steady[1]));
        double u = Math.min(unchanged[0], unchanged[1]);
        System.out.printf("config-cycle: steady/parse = %.2f (target <= 2.0); first/parse = %.2f (every stream new, "
                + "no target); unchanged poll: controller CPU %.3f ms (target <= 1 ms)%n", s / p, f / p, u);
    }

    static void flagToRoute(ObjectNode config, int flips) throws Exception {
        String stream = firstManaged(config);
        Duration interval = Duration.ofSeconds(1);
        byte[] off = bytes(config);
        byte[] on = bytes(withFlag(config, stream, Optional.of("event")));
        System.out.printf("== flag-to-route: %,d streams, %d flips of %s, poll every %d ms ==%n",
                config.get("streams").size(), flips, stream, interval.toMillis());
        System.out.println("routes cannot change without canary evidence (a flip to the production database enters"
                + " PREFLIGHT and blocks; back to absent returns to SHADOW), so this measures the time from the"
                + " source's change to GET /v1/streams/<stream> showing the new phase");
        HttpClient http = HttpClient.newHttpClient();
        Path dir = Files.createTempDirectory("cutover-bench-flag");
        List<Long> times = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        try (ConfigServer server = new ConfigServer(off);
             ControllerService service = controller(server, dir, interval)) {
            await(service.pollNow());
            URI uri = URI.create(service.url() + ApiPaths.stream(stream));
            for (int i = 0; i < flips; i++) {
                boolean toProduction = i % 2 == 0;
                // the change lands at a random moment of the poll cycle (seeded), not right after a detection
                CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(random.nextInt(
                        (int) interval.toMillis()), TimeUnit.MILLISECONDS)).join();
                long t0 = System.nanoTime();
                server.set(toProduction ? on : off);
                long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
                while (true) {
                    String phase = JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString()).body()).findValue("phase").asText();
                    boolean moved = toProduction ? !phase.equals("SHADOW") : phase.equals("SHADOW");
                    if (moved) {
                        times.add(System.nanoTime() - t0);
                        break;
                    }
                    check(System.nanoTime() < deadline, "flip " + (i + 1) + ": still " + phase + " after 30 s");
                    CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS)).join();
                }
            }
        }
        Collections.sort(times);
        double p50 = ms(percentile(times, 0.50));
        double p99 = ms(percentile(times, 0.99));
        System.out.printf("flag-to-phase: p50 = %.0f ms, p99 = %.0f ms, max = %.0f ms over %d flips (target p99 <= "
                + "%d ms)%n", p50, p99, ms(times.get(times.size() - 1)), times.size(), interval.toMillis() + 200);
    }

    static long percentile(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
