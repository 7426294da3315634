package dev.cutover.controller.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cutover.controller.cli.Table;
import dev.cutover.controller.http.ApiJson;
import dev.cutover.controller.kafka.EmbeddedKafka;
import dev.cutover.controller.kafka.KafkaControlPlane;
import dev.cutover.controller.kafka.KafkaSettings;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.controller.service.StreamView;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code ./cutover demo}: the whole story on embedded defaults. Generates raw hours for a few streams, starts the
 * controller in-process on a file config source with a writable override layer, runs the legacy and the new
 * worker (real Spark, via the launcher) hour by hour, shows NavigationTiming's canary verdicts, its automated
 * promotion and cutover hour, a second stream held back by FAIL verdicts (its new job drops a column), rolls
 * NavigationTiming back by reverting its config entry, and ends with the I1-I3 proof for every production
 * partition, read back from the warehouse. With {@code --kafka} the control plane lives on Kafka (an in-process
 * broker, or {@code --kafka-bootstrap}): routes, audit events and the worker's reports go through its topics.
 */
public final class Demo {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final String DROPPED_COLUMN = "parsedcomment";
    static final Hour H0 = Hour.parse("2026-11-22T00");
    private static final String MARKER = ".cutover-demo";
    private static final String NEW_JOB_TRANSFORMS =
            "remove_canary_events,deduplicate,add_normalized_host,drop_columns(" + DROPPED_COLUMN + ")@" + DELETE;

    private final DemoOptions options;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private long lastEvent;

    public Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    private List<String> streams() {
        return options.fast() ? List.of(NAV, DELETE, "mediawiki.page-create")
                : List.of(NAV, DELETE, "mediawiki.page-create", "mediawiki.revision-create", "mediawiki.page_change.v1");
    }

    public int run() throws Exception {
        Path home = options.home().toAbsolutePath().normalize();
        Path state = options.stateDir().toAbsolutePath().normalize();
        prepare(state);
        Files.createDirectories(state.resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.logFile", state.resolve("logs/controller.log").toString());
        Path raw = state.resolve("raw");
        Path staging = state.resolve("raw-staging");
        Path worker = state.resolve("worker");
        Path config = state.resolve("streams.json");
        Files.copy(home.resolve("../shared/fixtures/streamconfigs/sample.json").normalize(), config);
        Files.createDirectories(raw);
        Path planFile = writePlan(state);
        MigrationPlan plan = PlanLoader.load(planFile, state);
        Shell shell = new Shell(home, state.resolve("logs"), out);
        int hours = options.fast() ? 4 : 6;
        int rollbackBefore = hours - 1;

        step("Cutover demo: " + streams().size() + " streams, " + hours + " data hours from " + H0 + " (state: "
                + state + ")");
        out.println("  plan: NavigationTiming first, " + plan.canary().consecutivePassHours()
                + " consecutive PASS hours promote, auto_promote on; the new job (airflow) drops column '"
                + DROPPED_COLUMN + "' of " + DELETE + " (a bug the canary must catch)");

        step("1. Generate schema-valid raw events (Gobblin layout), released one hour at a time");
        int seed = 1;
        for (String stream : streams()) {
            if (shell.run("generate-" + stream, List.of("generate", "--stream", stream, "--hours",
                    H0 + ".." + H0.plusHours(hours - 1), "--events-per-hour", options.fast() ? "30" : "120",
                    "--raw-dir", staging.toString(), "--canary", "0.05", "--duplicates", "0.05", "--seed",
                    String.valueOf(seed++), "--config-source", config.toString()), l -> false).exitCode() != 0) {
                return 1;
            }
        }
        out.println("    generated " + hours + " hours for " + streams());

        step("2. Start the controller (file config source + writable override layer, " + (options.kafka()
                ? "routes, audit events and reports on Kafka)" : "route log in the state dir)"));
        OverrideLayer layer = OverrideLayer.open(plan.overrideLayer().orElseThrow(), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), state.resolve("controller/config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(500)));
        Optional<FlagWriter> flagWriter = Optional.of(new FlagWriter(layer, plan.settings()));
        try (EmbeddedKafka broker = options.kafka() && options.kafkaBootstrap().isEmpty() ? startBroker() : null;
             ControllerService service = kafka(broker).map(k -> ControllerService.start(plan, tracker,
                     new KafkaControlPlane(k, plan.settings(), "demo-controller", Clock.systemUTC()), flagWriter,
                     Clock.systemUTC(), "127.0.0.1", 0, Duration.ofMinutes(1), Optional.empty())).orElseGet(() ->
                     ControllerService.start(plan, tracker, new JournalRouteLog(state.resolve("controller")),
                             flagWriter, Clock.systemUTC(), "127.0.0.1", 0, Duration.ofMinutes(1), Optional.empty()))) {
            settle(service);
            out.println("    controller ready at " + service.url() + " (" + service.core().role() + "; route log: "
                    + service.core().routeLogDescription() + "); " + service.core().states().size()
                    + " managed streams, all in SHADOW (legacy leads)");
            List<String> kafkaArgs = kafka(broker).map(k -> List.of("--kafka-bootstrap", k.bootstrap(),
                    "--kafka-routes-topic", k.routesTopic(), "--kafka-reports-topic", k.reportsTopic()))
                    .orElse(List.of());
            int result = story(service, shell, layer, plan, raw, staging, worker, config, hours, rollbackBefore,
                    kafkaArgs);
            if (result != 0) {
                return result;
            }
            result = proof(service, shell, worker, config, raw);
            lookFurther(service, state, worker, config, kafka(broker));
            if (options.keepRunning()) {
                out.println("  (controller kept running; Ctrl-C to stop)");
                new CountDownLatch(1).await();
            }
            return result;
        }
    }

    private EmbeddedKafka startBroker() throws Exception {
        EmbeddedKafka broker;
        try {
            broker = EmbeddedKafka.start();
        } catch (NoClassDefFoundError e) {
            // The container image (-Pimage) leaves Kafka's test kit out; the demo then needs a broker of its own.
            throw new IllegalStateException("the in-process Kafka broker needs Kafka's test kit"
                    + " (kafka-test-common-runtime), which this installation leaves out (" + e.getMessage()
                    + "); run the demo against a broker with --kafka-bootstrap HOST:PORT", e);
        }
        out.println("    Kafka: in-process KRaft broker at " + broker.bootstrap() + " (started in "
                + broker.startup().toMillis() + " ms)");
        return broker;
    }

    /** The demo's control plane on Kafka (fresh topics per run), or empty for the journal. */
    private Optional<KafkaSettings> kafka(EmbeddedKafka broker) {
        if (!options.kafka()) {
            return Optional.empty();
        }
        String bootstrap = options.kafkaBootstrap().orElseGet(broker::bootstrap);
        return Optional.of(KafkaSettings.defaults(bootstrap).withTopicPrefix("demo-" + runId + "-"));
    }

    private final long runId = System.currentTimeMillis() / 1000;

    private int story(ControllerService service, Shell shell, OverrideLayer layer, MigrationPlan plan, Path raw,
                      Path staging, Path worker, Path config, int hours, int rollbackBefore, List<String> kafkaArgs)
            throws Exception {
        step("3. Start ONE worker JVM running both jobs in a loop (real Spark, embedded Derby metastore)"
                + (kafkaArgs.isEmpty() ? "" : "; its reports go to the Kafka reports topic"));
        List<String> args = new ArrayList<>(List.of("work", "--job", "legacy", "--job", "airflow", "--controller",
                service.url(), "--raw-dir", raw.toString(), "--loop", "--poll-interval", "1s", "--migrate",
                "--state-dir", worker.toString(), "--config-source", config.toString(),
                "--job-transforms", "airflow=" + NEW_JOB_TRANSFORMS));
        args.addAll(kafkaArgs);
        out.println("    ./cutover " + String.join(" ", args));
        try (Shell.Background loop = shell.start("worker", args)) {
            for (int h = 0; h < hours; h++) {
                Hour hour = H0.plusHours(h);
                if (h == rollbackBefore) {
                    if (!phaseIs(service, NAV, Phase.PROMOTED) && !phaseIs(service, NAV, Phase.CUTOVER)) {
                        out.println("  ! NavigationTiming was not promoted (phase " + phase(service, NAV) + "); see"
                                + " the events above and " + loop.log());
                        return 1;
                    }
                    step("5. Roll NavigationTiming back: revert its config entry (what './cutover rollback " + NAV
                            + "' does)");
                    new FlagWriter(layer, plan.settings()).apply(new FlagChange(NAV, FlagChange.Kind.REVERT,
                            "demo-engineer", "dashboards look off after the switch; reverting to legacy"));
                    settle(service);
                    printEvents(service);
                }
                int released = RawHours.release(staging, raw, hour);
                step((h < rollbackBefore ? "4" : "6") + ". Hour " + hour + " arrives (" + released
                        + " raw directories with _IMPORTED); the workers refine, compare" + (h == rollbackBefore
                        ? ", and restore production by copies" : ""));
                if (!awaitHour(service, loop, hour)) {
                    return 1;
                }
                printEvents(service);
                printStatus(service);
            }
        }
        if (!phaseIs(service, NAV, Phase.SHADOW)) {
            out.println("  ! NavigationTiming did not finish its rollback (phase " + phase(service, NAV) + ")");
            return 1;
        }
        return 0;
    }

    /** Waits until every demo stream has both jobs' output and production for the hour and no work is listed. */
    private boolean awaitHour(ControllerService service, Shell.Background loop, Hour hour) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(options.fast() ? 4 : 6).toNanos();
        while (true) {
            settle(service);
            echo(loop.newLines());
            if (hourDone(service, hour)) {
                out.println("      worker: " + refines + " routed refine(s) committed (both jobs)");
                refines = 0;
                return true;
            }
            if (!loop.alive() || System.nanoTime() > deadline) {
                out.println("  ! hour " + hour + " did not complete (" + (loop.alive() ? "timed out" : "worker exited")
                        + "); work lists: legacy " + service.core().work("legacy") + ", airflow "
                        + service.core().work("airflow") + "; worker log: " + loop.log());
                return false;
            }
            Thread.sleep(500);
        }
    }

    private boolean hourDone(ControllerService service, Hour hour) {
        for (String stream : streams()) {
            HourObservation obs = service.core().observations(stream).at(hour);
            if (!obs.touchedBy("legacy") || !obs.touchedBy("airflow") || obs.in("event").isEmpty()) {
                return false;
            }
        }
        return service.core().work("legacy").isEmpty() && service.core().work("airflow").isEmpty();
    }

    private int refines;

    private void echo(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("refine[") && line.contains(" OK ")) {
                refines++;
            } else if (line.startsWith("work[") && !line.contains(" compare ") || line.contains("FAILED")
                    || line.contains("ABORTED")) {
                out.println("      " + line);
            }
        }
    }

    private int proof(ControllerService service, Shell shell, Path worker, Path config, Path raw) throws Exception {
        step("7. Proof: every production partition, read back from the warehouse (./cutover inspect)");
        List<Partition> partitions = new ArrayList<>();
        for (String db : List.of("event", "event_airflow", "event_systemd")) {
            Shell.Result r = shell.run("inspect-" + db, List.of("inspect", "--database", db, "--json", "--state-dir",
                    worker.toString(), "--config-source", config.toString()), l -> false);
            if (r.exitCode() != 0) {
                return 1;
            }
            String json = r.stdout().substring(Math.max(0, r.stdout().indexOf('[')));
            partitions.addAll(ApiJson.MAPPER.readValue(json, new TypeReference<List<Partition>>() { }));
        }
        List<InvariantCheck.Row> rows = InvariantCheck.check(service.core().states(), partitions,
                RawHours.complete(raw), service.core().plan().settings());
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"STREAM", "HOUR", "DC", "WRITTEN BY", "EPOCH", "HOW", "LEADER (ROUTES)", "I1", "I2",
                "I3"});
        for (InvariantCheck.Row row : rows) {
            table.add(new String[] {row.stream(), row.hour(), row.datacenter() == null ? "-" : row.datacenter(),
                    row.writer(), row.epoch(), row.how(), row.leader() + " >= e" + row.minEpoch(), mark(row.i1()),
                    mark(row.i2()), mark(row.i3())});
        }
        out.print(indent(Table.render(table)));
        for (InvariantCheck.Row row : rows) {
            for (String problem : row.problems()) {
                out.println("    ! " + row.stream() + " " + row.hour() + (row.datacenter() == null ? "" : " "
                        + row.datacenter()) + ": " + problem);
            }
        }
        boolean ok = InvariantCheck.allOk(rows);
        long bad = rows.stream().filter(r -> !r.ok()).count();
        out.println(ok ? "  I1-I3: OK for all " + rows.size() + " production partitions of "
                + InvariantCheck.streams(rows).size() + " streams"
                : "  I1-I3: VIOLATED for " + bad + " of " + rows.size() + " production partitions");
        out.printf("  demo took %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        return ok ? 0 : 1;
    }

    private static String mark(boolean ok) {
        return ok ? "ok" : "FAIL";
    }

    private void lookFurther(ControllerService service, Path state, Path worker, Path config,
                             Optional<KafkaSettings> kafka) {
        step("Look further");
        if (kafka.isPresent() && !options.keepRunning()) {
            KafkaSettings k = kafka.get();
            out.println("  control plane: " + service.core().routeLogDescription());
            out.println("  " + (options.kafkaBootstrap().isPresent() ? "its topics stay on " + k.bootstrap()
                    + "; start a controller on them again:" : "the in-process broker stops with the demo; against a"
                    + " broker of your own (./cutover demo --kafka-bootstrap HOST:PORT) a controller starts on the"
                    + " demo's topics again with:"));
            out.println("    ./cutover controller --config-source " + config + " --plan " + state.resolve("demo-plan.yaml")
                    + " --state-dir " + state.resolve("controller") + " --override-file "
                    + state.resolve("overrides.json") + " --port 8642 --kafka-bootstrap " + k.bootstrap()
                    + " --kafka-routes-topic " + k.routesTopic() + " --kafka-events-topic " + k.eventsTopic()
                    + " --kafka-reports-topic " + k.reportsTopic() + " --kafka-leader-topic " + k.leaderTopic());
            out.println("  ./cutover inspect --database event --state-dir " + worker + " --config-source " + config);
            out.println("  logs: " + state.resolve("logs"));
            return;
        }
        if (options.keepRunning()) {
            out.println("  ./cutover status --url " + service.url());
            out.println("  ./cutover events --url " + service.url());
            out.println("  curl " + service.url() + "/v1/streams/" + NAV);
        } else {
            out.println("  the demo's controller stops now; start it again on the demo's state (or rerun the demo with"
                    + " --keep-running):");
            out.println("    ./cutover controller --config-source " + config + " --plan " + state.resolve("demo-plan.yaml")
                    + " --state-dir " + state.resolve("controller") + " --override-file "
                    + state.resolve("overrides.json") + " --port 8642");
            out.println("    ./cutover status; ./cutover events --stream " + NAV
                    + "; curl http://127.0.0.1:8642/v1/streams/" + NAV);
        }
        out.println("  ./cutover inspect --database event --state-dir " + worker + " --config-source " + config);
        out.println("  logs: " + state.resolve("logs") + "   route log: " + state.resolve("controller/routes.journal"));
    }

    private void prepare(Path state) throws IOException {
        if (Files.exists(state)) {
            boolean ours = Files.exists(state.resolve(MARKER));
            try (Stream<Path> list = Files.list(state)) {
                if (!ours && list.findAny().isPresent()) {
                    throw new IllegalArgumentException(state + " exists and is not a demo directory; pass an empty or"
                            + " new --state-dir");
                }
            }
            try (Stream<Path> walk = Files.walk(state)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(state);
        Files.writeString(state.resolve(MARKER), "created by ./cutover demo; wiped at the next run\n");
    }

    private Path writePlan(Path state) throws IOException {
        Path file = state.resolve("demo-plan.yaml");
        Files.writeString(file, """
                # The demo's migration plan (see migrations/*.yaml for the real clusters).
                cluster: demo
                strategy: incremental
                max_concurrent_cutovers: 1
                order: [%s, %s]
                canary: {consecutive_pass_hours: 2, window_hours: 24}
                auto_promote: true
                auto_rollback: {enabled: false}
                soak: 1h
                # short write leases: a routing change's new leader waits length + margin before committing
                write_lease: {length: 15s, margin: 2s}
                override_layer: overrides.json
                """.formatted(NAV, DELETE));
        return file;
    }

    /** Lets the controller pick up config changes and finish reconciling. */
    private static void settle(ControllerService service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            // At once on the journal; the Kafka control plane elects this (only) replica within a few seconds.
            service.core().firstActivation().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the demo's controller was not elected active within 30 s (role: "
                    + service.core().role() + "); see the controller log in the state dir's logs/", e);
        }
        do {
            service.queue().pollNow().get();
            service.queue().idle().get();
        } while (!(service.core().ready() && service.core().active()) && System.nanoTime() < deadline);
        service.queue().pollNow().get();
        service.queue().idle().get();
    }

    private void printEvents(ControllerService service) {
        for (AuditEvent e : service.core().events(lastEvent, Integer.MAX_VALUE)) {
            lastEvent = e.seq();
            if (e.what().startsWith("managed:")) {
                continue;
            }
            out.println("    [" + e.who() + "] " + e.stream() + ": " + e.what());
            out.println("        why: " + e.why());
        }
    }

    private void printStatus(ControllerService service) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STREAM", "PHASE", "LEADER", "EPOCH", "CUTOVER", "VERDICTS (hour:verdict)"});
        for (String stream : streams()) {
            StreamState s = service.core().state(stream).orElse(null);
            if (s == null) {
                continue;
            }
            List<String> verdicts = new ArrayList<>();
            for (StreamView.VerdictView v : service.core().verdicts(stream, 8)) {
                verdicts.add(v.hour().substring(11) + ":" + v.verdict());
            }
            rows.add(new String[] {stream, s.phase().name(), s.currentLeader(), String.valueOf(s.epoch()),
                    s.cutover().map(Hour::toString).orElse("-"), String.join(" ", verdicts)});
        }
        out.print(indent(Table.render(rows)));
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }

    private static boolean phaseIs(ControllerService service, String stream, Phase phase) {
        return service.core().state(stream).map(s -> s.phase() == phase).orElse(false);
    }

    private static String phase(ControllerService service, String stream) {
        return service.core().state(stream).map(s -> s.phase().name()).orElse("unmanaged");
    }

    private void step(String title) {
        long s = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.printf("%n[%3ds] %s%n", s, title);
    }
}
