package dev.cutover.simulation;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.kafka.KafkaRouteLog;
import dev.cutover.controller.kafka.KafkaSettings;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.TableNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The whole migration, hour by hour on a virtual clock, driven by one seeded random source: raw input arrives,
 * both jobs refine (and run their work lists) three times an hour, reports reach the controller (or not), the
 * controller reconciles, operators flip, revert and decommission, faults strike; the checker runs after every step.
 * Deterministic: the same options give the same run, byte for byte.
 */
public final class Simulation {

    static final Hour START = Hour.of(2026, 11, 2, 0);
    private static final int PASSES = 3;
    private static final int SETTLE_PASSES = 60;

    private final SimOptions options;
    private final Faults faults;
    private final SplittableRandom random;
    private Instant now;
    private final Clock clock;
    private final List<String> streams;
    private final Map<String, String> tables = new LinkedHashMap<>();
    private final SimConfigSource source;
    private final ControllerHost host;
    private final World world;
    private final InvariantChecker checker;
    private final List<SimWorker> workers = new ArrayList<>();
    private final Map<String, Map<Long, Long>> done = new HashMap<>();
    private final Map<String, java.util.TreeSet<Long>> due = new HashMap<>();
    private final List<Report> late = new ArrayList<>();
    private final Map<Instant, List<Runnable>> at = new java.util.TreeMap<>();
    private final MigrationPlan plan;
    private final Path stateDir;
    private final SimulationResult.Counts counts = new SimulationResult.Counts();
    private final Operators operators;
    private Instant downUntil;
    private int hourIndex;

    public Simulation(SimOptions options) throws IOException {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
        this.faults = new Faults(options.faults(), random.split(), options.rates());
        this.now = START.toInstant();
        this.clock = new VirtualClock(() -> now);
        StreamShapes.Shapes shapes = StreamShapes.of(options.streams(), options.fixture());
        this.streams = List.copyOf(shapes.streams().keySet());
        streams.forEach(s -> tables.put(s, TableNames.find(s).orElseThrow()));
        this.stateDir = Files.createTempDirectory("cutover-sim-");
        this.plan = SimPlan.of(options, streams, stateDir);
        this.source = new SimConfigSource(plan.settings(), shapes.streams(), faults, options.bug(), clock::instant);
        int hours = options.days() * 24;
        this.world = new World(new RawInput(options.seed(), streams, START, plan.settings().newJob(), hours),
                clock::instant);
        this.checker = new InvariantChecker(plan, world, source, counts);
        this.host = new ControllerHost(plan, stateDir, source, clock, faults, checker, routeLogs(options, stateDir,
                clock, counts));
        checker.attach(host);
        world.wire(new RouteView(host, plan.settings(), options.bug(), checker), checker);
        for (String job : plan.settings().jobs()) {
            workers.add(new SimWorker(job, world, faults, options.bug(), clock::instant));
            done.put(job, new HashMap<>());
            due.put(job, new java.util.TreeSet<>());
        }
        counts.origin = shapes.origin();
        this.operators = new Operators(source, host, world, faults, random, streams, workers, counts, this::later);
    }

    /**
     * A new route log for every controller (re)start: the journal in the state directory, or, with a Kafka
     * bootstrap, the control plane's topics under a prefix of this run's own (the real {@link KafkaRouteLog}: each
     * restart fences the killed instance and restores from the topics, read_committed). Kafka's deadlines are wall
     * time, not the simulated clock.
     */
    private static Supplier<RouteLog> routeLogs(SimOptions options, Path stateDir, Clock clock,
                                                SimulationResult.Counts counts) {
        if (options.kafka().isEmpty()) {
            return () -> JournalRouteLog.unsynced(stateDir, Integer.MAX_VALUE, clock);
        }
        KafkaSettings settings = KafkaSettings.defaults(options.kafka().get()).withTopicPrefix("cutover-sim-"
                + options.seed() + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        counts.routeLog = "kafka " + settings.bootstrap() + " (topics " + settings.routesTopic() + ", "
                + settings.eventsTopic() + ", " + settings.reportsTopic() + ")";
        return () -> new KafkaRouteLog(settings, Clock.systemUTC());
    }

    public SimulationResult run() {
        long started = System.nanoTime();
        int hours = options.days() * 24;
        try {
            now = START.toInstant();
            host.start();
            for (hourIndex = 0; hourIndex < hours; hourIndex++) {
                Hour hour = START.plusHours(hourIndex);
                arrive(hour);
                for (int pass = 0; pass < PASSES; pass++) {
                    now = hour.endInstant().plus(Duration.ofMinutes(5 + 18L * pass));
                    if (pass == 0) {
                        hourly();
                    }
                    pass(pass == 0);
                }
                options.progress().ifPresent(out -> Progress.print(out, hourIndex + 1, hours, streams.size(), started));
            }
            settle(hours);
            checker.atEnd(streams, tables, START, START.plusHours(hours - 1));
            return result(hours, started, Optional.empty());
        } catch (Violation v) {
            return result(hours, started, Optional.of(v));
        } finally {
            host.kill();
            SimPlan.deleteQuietly(stateDir);
        }
    }

    private void arrive(Hour hour) {
        for (String stream : streams) {
            if (world.raw().has(stream, hour)) {
                long key = key(stream, hour);
                due.values().forEach(d -> d.add(key));
            }
        }
    }

    /** Once an hour: operators and the faults that are not per commit or per report. */
    private void hourly() {
        if (!host.up() && !now.isBefore(downUntil)) {
            host.restart();
            world.trace("controller", "restarted from the journal");
        }
        if (host.up() && faults.roll(FaultKind.CONTROLLER_KILL)) {
            host.killSoon();
        }
        for (SimWorker worker : workers) {
            if (faults.roll(FaultKind.CLOCK_JUMP)) {
                worker.jumpClock();
            }
        }
        operators.act();
        List<Runnable> dueNow = new ArrayList<>();
        at.entrySet().removeIf(e -> {
            if (!e.getKey().isAfter(now)) {
                dueNow.addAll(e.getValue());
                return true;
            }
            return false;
        });
        dueNow.forEach(Runnable::run);
        host.poll();
        host.drain();
        if (host.up()) {
            host.reports(List.copyOf(late));
            late.clear();
            host.drain();
        }
        noteDown();
    }

    private void later(Duration delay, Runnable action) {
        at.computeIfAbsent(now.plus(delay), t -> new ArrayList<>()).add(action);
    }

    /** Both jobs refine what is due and run their work lists; reports go to the controller. */
    private void pass(boolean refineAll) {
        Map<String, List<Report>> byStream = new LinkedHashMap<>();
        for (SimWorker worker : workers) {
            for (Report r : worker.resumePaused()) {
                byStream.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r);
            }
            Passes.refine(this, worker, byStream);
            Passes.work(this, worker, byStream);
        }
        deliver(byStream);
        host.drain();
        noteDown();
    }

    private void deliver(Map<String, List<Report>> byStream) {
        for (Map.Entry<String, List<Report>> e : byStream.entrySet()) {
            List<Report> batch = new ArrayList<>();
            for (Report r : e.getValue()) {
                if (faults.roll(FaultKind.REPORT_LOST)) {
                    world.trace(e.getKey(), "report lost: " + describe(r));
                    continue;
                }
                if (faults.roll(FaultKind.REPORT_LATE)) {
                    late.add(r);
                    continue;
                }
                batch.add(r);
                if (faults.roll(FaultKind.REPORT_DUPLICATED)) {
                    batch.add(r);
                }
            }
            if (batch.size() > 1 && faults.roll(FaultKind.REPORT_REORDERED)) {
                java.util.Collections.reverse(batch);
            }
            if (!host.up()) {
                continue;
            }
            int refusedBefore = host.refusals().size();
            if (host.reports(batch)) {
                batch.forEach(this::markDone);
                counts.compared += batch.stream().filter(r -> r instanceof dev.cutover.protocol.CompareReport).count();
            } else if (host.refusals().size() > refusedBefore) {
                counts.refusedBatches++;
                world.trace(e.getKey(), "report batch refused: " + host.refusals().get(host.refusals().size() - 1));
            } else if (!batch.isEmpty()) {
                world.trace(e.getKey(), "report batch not acknowledged (the controller died): " + batch.size()
                        + " report(s) stay due");
            }
        }
    }

    private void markDone(Report r) {
        if (r.ok() && (r instanceof dev.cutover.protocol.RefineReport
                || r instanceof dev.cutover.protocol.CopyReport)) {
            done.get(r.job()).put(key(r.stream(), r.hour()), r.epoch() * 8 + databaseIndex(r.database()));
        }
    }

    private void noteDown() {
        if (!host.up() && downUntil == null) {
            downUntil = now.plus(Duration.ofMinutes(30 + random.nextInt(150)));
            counts.kills++;
            world.trace("controller", "killed (-9); down until " + downUntil);
        } else if (host.up()) {
            downUntil = null;
        }
        if (!host.up() && faults.enabled(FaultKind.FALLBACK_ROUTES)) {
            faults.count(FaultKind.FALLBACK_ROUTES);
        }
    }

    /** No more faults; the controller up; passes until no work is left (or the settling budget is spent). */
    private void settle(int hours) {
        faults.quiet();
        for (int pass = 0; pass < SETTLE_PASSES; pass++) {
            now = START.plusHours(hours).endInstant().plus(Duration.ofMinutes(20L * pass + 5));
            if (!host.up()) {
                host.restart();
            }
            List<Runnable> all = new ArrayList<>();
            at.values().forEach(all::addAll);
            at.clear();
            all.forEach(Runnable::run);
            host.poll();
            host.reports(List.copyOf(late));
            late.clear();
            host.drain();
            pass(true);
            if (Passes.settled(this)) {
                return;
            }
        }
    }

    private SimulationResult result(int hours, long started, Optional<Violation> violation) {
        double seconds = (System.nanoTime() - started) / 1e9;
        ControllerState state = host.state() != null ? host.state() : host.published();
        Map<Phase, Integer> phases = new java.util.EnumMap<>(Phase.class);
        if (state != null) {
            state.streams().values().forEach(e -> phases.merge(e.state().phase(), 1, Integer::sum));
        }
        counts.refusals = host.refusals().size();
        List<String> trace = violation.map(v -> world.traceOf(v.stream() == null ? "controller" : v.stream()))
                .orElse(List.of());
        return new SimulationResult(options, streams.size(), hours, hourIndex, seconds, phases, counts,
                faults.injected(), checker.checks(), host.steps(), host.restarts(), violation, trace);
    }

    // --- what Passes needs ---

    Instant now() {
        return now;
    }

    List<String> streams() {
        return streams;
    }

    String table(String stream) {
        return tables.get(stream);
    }

    World world() {
        return world;
    }

    ControllerHost host() {
        return host;
    }

    MigrationPlan plan() {
        return plan;
    }

    Optional<InjectedBug> bug() {
        return options.bug();
    }

    java.util.TreeSet<Long> due(String job) {
        return due.get(job);
    }

    Map<Long, Long> done(String job) {
        return done.get(job);
    }

    SimulationResult.Counts counts() {
        return counts;
    }

    int hourIndex() {
        return hourIndex;
    }

    long key(String stream, Hour hour) {
        return (long) world.raw().streamIndex(stream) * 1_000_000L + world.raw().hourIndex(hour);
    }

    String streamOf(long key) {
        return streams.get((int) (key / 1_000_000L));
    }

    Hour hourOf(long key) {
        return START.plusHours(key % 1_000_000L);
    }

    int databaseIndex(String database) {
        CutoverSettings s = plan.settings();
        return database.equals(s.productionDatabase().value()) ? 1 : database.equals(s.legacyShadow().value()) ? 2 : 3;
    }

    private static String describe(Report r) {
        return r.job() + " " + r.action().wireName() + " " + r.hour() + " " + r.database() + " epoch " + r.epoch();
    }
}
