package dev.cutover.worker.cli;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.streamconfig.Durations;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.worker.Errors;
import dev.cutover.worker.compare.Comparer;
import dev.cutover.protocol.Databases;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.worker.copy.HiveHourStorage;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.migrate.Migrator;
import dev.cutover.worker.raw.HourRange;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.raw.RawRoot;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.work.RoutedRefine;
import dev.cutover.worker.work.StartDelays;
import dev.cutover.worker.work.WorkExecutor;
import dev.cutover.worker.work.WorkLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "work", mixinStandardHelpOptions = true,
        description = {"Run one or more jobs against the controller in ONE Spark session.",
                "Each round, for each job: (a) routed refine of every complete raw hour not yet done under its"
                        + " current (database, epoch); (b) GET /v1/work?job=J and execute each item"
                        + " (refine/compare/copy/drop), POSTing a report per item.",
                "Writes are fenced: GET /v1/epochs right before a partition becomes visible; a moved epoch"
                        + " aborts (status ABORTED).",
                "Stops after --max-rounds, or with --until-idle after a round with nothing due and empty work lists;"
                        + " --loop runs rounds forever every --poll-interval.",
                "Exit 0: done, 1: some hours/items failed, 2: bad usage or configuration."})
public final class WorkCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    JobOptions jobOptions;

    @Mixin
    ControllerOptions controllerOptions;

    @Mixin
    KafkaOptions kafkaOptions;

    @Option(names = "--job", required = true, description = "Job name, repeatable: --job legacy --job airflow")
    List<String> jobs;

    @Option(names = "--raw-dir", required = true, defaultValue = "${env:CUTOVER_RAW_DIR}",
            description = "Raw root in Gobblin's layout: a local path or a Hadoop URI (hdfs:///wmf/data/raw/event,"
                    + " s3a://bucket/raw, file:///srv/raw). Default: $CUTOVER_RAW_DIR")
    String rawDir;

    @Option(names = "--since", description = "Only raw hours from here (48, 48h or YYYY-MM-DDTHH). Default: all")
    String since;

    @Option(names = "--until", description = "Only raw hours before this one, exclusive (same forms as --since)."
            + " Default: up to the current hour, in every round. A range that selects no hour is bad usage: exit 2")
    String until;

    @Option(names = "--loop", description = "Run rounds forever (scheduled, every --poll-interval)")
    boolean loop;

    @Option(names = "--poll-interval", defaultValue = "1s", description = "Delay between rounds (default 1s)")
    String pollInterval;

    @Option(names = "--max-rounds", description = "Stop after this many rounds")
    Integer maxRounds;

    @Option(names = "--until-idle", description = "Stop after a round in which nothing was due and the work lists were empty")
    boolean untilIdle;

    @Option(names = "--corrupt-threshold", defaultValue = "0.05", description = "Default 0.05")
    double corruptThreshold;

    @Option(names = "--start-delay", paramLabel = "JOB=DURATION[@STREAM_REGEX]",
            description = {"Start JOB's routed refine of an hour no earlier than DURATION after the hour's raw input was"
                    + " marked complete (its _IMPORTED flag was written), like a DAG scheduled with a delay or a"
                    + " sensor; only for streams the regex finds, when given. Repeatable; the first that applies wins."
                    + " An hour not yet due is picked up by a later round (with --until-idle, a round holding one back"
                    + " is not idle). E.g. --start-delay airflow=45m"})
    List<String> startDelays;

    @Option(names = "--migrate", description = "Apply pending Hive migrations first (creates the databases)")
    boolean migrate;

    @Option(names = "--migrations-dir", description = "Default: ${cutover.home}/migrations/hive")
    Path migrationsDir;

    public WorkCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        if (!loop && !untilIdle && maxRounds == null) {
            maxRounds = 1;
        }
        Duration interval = Durations.parse(pollInterval, "--poll-interval");
        Hour from = since == null ? HourRange.EPOCH : HourRange.parse(since, context.clock(), "--since");
        Hour to = until == null ? null : HourRange.parse(until, context.clock(), "--until");
        if (to != null || !loop) {
            // a loop without --until waits for a --since in the future; anything else must select an hour now
            Hour end = to != null ? to : Hour.containing(context.clock().instant()).next();
            HourRange.requireSomeHour(from, end, HourRange.given(since, until, end));
        }
        Map<String, TransformChain> chains = jobOptions.chains(jobs);
        StartDelays delays = startDelays();
        ControllerApiClient client = controllerOptions.client();
        Snapshot config = common.config(context.clock());
        StreamSchemas schemas = new StreamSchemas(config, common.schemas());
        RawRoot rawRoot = RawRoot.parse(rawDir);
        SparkSession spark = spark(common, "work");
        RawLayout layout = new RawLayout(rawRoot, config, spark.sparkContext().hadoopConfiguration());
        if (migrate) {
            new Migrator(spark, context.clock()).apply(Migrator.load(migrationsDir != null ? migrationsDir
                    : CommonOptions.home().resolve("migrations/hive")));
        }
        RouteProvider routes = kafkaOptions.routes(client, context.clock(), context.err());
        ReportSink sink = kafkaOptions.reports(context.clock(), context.err())
                .<ReportSink>map(k -> k).orElseGet(() -> ReportSink.controller(client, context.err()));
        Refiner refiner = new Refiner(spark, schemas, context.clock(), corruptThreshold);
        PartitionCopier copier = new PartitionCopier(spark, context.clock());
        // the plan's databases as the worker knows them (the controller's routes name only the job's own)
        RoutedRefine routed = new RoutedRefine(refiner::refine, routes, new DoneMarkers(common.stateDir()), sink,
                context.clock(), context.err(), RoutedRefine.DEFAULT_RETRY,
                new HiveHourStorage(spark, context.clock(), copier), Databases.of(CutoverSettings.DEFAULTS));
        WorkExecutor executor = new WorkExecutor(refiner, new Comparer(spark, context.clock()), copier, layout, routes,
                routed, context.clock());
        WorkLoop workLoop = new WorkLoop(layout, routes, routed, executor, client, sink, context.err(), delays);
        return runRounds(workLoop, chains, from, to, interval);
    }

    /** The {@code --start-delay} options, checked against the {@code --job}s (bad usage names the value). */
    StartDelays startDelays() {
        return StartDelays.parse(startDelays, jobs);
    }

    /** One round, as {@link #runRounds} runs it (a seam for tests: a round can fail with anything). */
    @FunctionalInterface
    interface Round {
        WorkLoop.Round run(Hour until) throws Exception;
    }

    private int runRounds(WorkLoop workLoop, Map<String, TransformChain> chains, Hour from, Hour to,
                          Duration interval) throws Exception {
        return runRounds(now -> workLoop.round(chains, from, to != null && to.isBefore(now) ? to : now), interval);
    }

    /**
     * Runs rounds every {@code interval} until --max-rounds or, with --until-idle, an idle round. A round that
     * throws anything (a checked SparkException or an Error included) is logged and counted as failed;
     * with --loop the next round runs anyway, otherwise (or at the last round) the error ends the command.
     * The scheduled task never lets a throwable escape: that would silently cancel it and leave this
     * method waiting forever.
     */
    int runRounds(Round roundOnce, Duration interval) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-work-rounds");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        scheduler.scheduleWithFixedDelay(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            try {
                Hour until = Hour.containing(context.clock().instant()).next();
                WorkLoop.Round round = roundOnce.run(until);
                int n = rounds.incrementAndGet();
                failed.addAndGet(round.failed());
                context.err().printf("work: round %d: %d hours due, %d work items, %d failed%s%s%n", n, round.due(),
                        round.items(), round.failed(),
                        round.errors() > 0 ? ", " + round.errors() + " controller errors" : "",
                        round.delayed() > 0 ? ", " + round.delayed() + " hours not yet due (--start-delay)" : "");
                if ((maxRounds != null && n >= maxRounds) || (untilIdle && round.idle())) {
                    finished.countDown();
                }
            } catch (Throwable e) {
                // one bad round (e.g. an unexpected Spark error outside any hour) must not end a --loop worker
                int n = rounds.incrementAndGet();
                failed.incrementAndGet();
                try {
                    context.err().println("work: round " + n + " failed: " + e.getClass().getName() + ": "
                            + Errors.rootMessage(e));
                } catch (Throwable logging) {
                    // nothing more to do: the round is still counted, the loop still goes on or ends below
                }
                if (!loop || (maxRounds != null && n >= maxRounds)) {
                    crash.set(e);
                    finished.countDown();
                }
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            finished.await();
        } finally {
            scheduler.shutdownNow();
        }
        Throwable e = crash.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return failed.get() > 0 ? 1 : 0;
    }
}
