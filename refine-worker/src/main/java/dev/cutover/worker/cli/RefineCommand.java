package dev.cutover.worker.cli;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.protocol.Databases;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.copy.HiveHourStorage;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.worker.migrate.Migrator;
import dev.cutover.worker.raw.HadoopConf;
import dev.cutover.worker.raw.HourRange;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.raw.RawRoot;
import dev.cutover.worker.raw.TableFilter;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.work.RoutedRefine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "refine", mixinStandardHelpOptions = true,
        description = {"Refine complete raw hours into Hive tables.",
                "Routes come from the controller (--controller: GET /v1/routes, commits fenced with GET /v1/epochs)"
                        + " or a fixed --database (standalone: epoch 0, NO fencing).",
                "Prints one JSON report per hour on stdout. Exit 0: all OK (or aborted by the fence),"
                        + " 1: some hours failed, 2: bad usage or configuration."})
public final class RefineCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    JobOptions jobOptions;

    @Option(names = "--job", required = true, description = "Job name (e.g. legacy, airflow)")
    String job;

    @Option(names = "--raw-dir", required = true, defaultValue = "${env:CUTOVER_RAW_DIR}",
            description = "Raw root in Gobblin's layout: a local path or a Hadoop URI (hdfs:///wmf/data/raw/event,"
                    + " s3a://bucket/raw, file:///srv/raw). Default: $CUTOVER_RAW_DIR")
    String rawDir;

    @Option(names = "--since", description = "First hour: hours back from now (48, 48h) or YYYY-MM-DDTHH. Default: all")
    String since;

    @Option(names = "--until", description = "End hour, exclusive (same forms). Default: the hour after the current"
            + " one. A range that selects no hour (e.g. --since H --until H) is bad usage: exit 2")
    String until;

    @Option(names = "--stream", description = "Only streams whose name matches this regex (find)")
    String stream;

    @Option(names = "--table-include-regex", description = "Only streams whose Hive table name matches this regex as a"
            + " whole, like Refine's --table_include_regex (e.g. '^(?:navigationtiming|mediawiki_page_create)$')")
    String tableInclude;

    @Option(names = "--table-exclude-regex", description = "Skip streams whose Hive table name matches this regex as a"
            + " whole, like Refine's --table_exclude_regex; a table matching both regexes is skipped")
    String tableExclude;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--database", description = "Standalone: write every stream into this database (no fencing)")
        String database;

        @Option(names = "--controller", description = "Controller base URL: routes and fencing from its HTTP API")
        java.net.URI controller;
    }

    @Option(names = "--token-file", defaultValue = "${env:CUTOVER_TOKEN_FILE}",
            description = "Controller bearer token file (default: $CUTOVER_TOKEN_FILE)")
    Path tokenFile;

    @Mixin
    KafkaOptions kafkaOptions;

    @Option(names = "--report-file", description = "Also append the reports (JSON lines) to this file")
    Path reportFile;

    @Option(names = "--corrupt-threshold", defaultValue = "0.05",
            description = "Largest fraction of unreadable lines an hour may have (default 0.05)")
    double corruptThreshold;

    @Option(names = "--ignore-done", description = "Refine hours again even when done under the same route")
    boolean ignoreDone;

    @Option(names = "--no-require-imported", negatable = false,
            description = "Also refine hours without the _IMPORTED flag")
    boolean includeIncomplete;

    @Option(names = "--migrate", description = "Apply pending Hive migrations first")
    boolean migrate;

    @Option(names = "--migrations-dir", description = "Default: ${cutover.home}/migrations/hive")
    Path migrationsDir;

    public RefineCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JobOptions.validJob(job);
        TransformChain chain = jobOptions.chains(List.of(job)).get(job);
        Hour from = since == null ? HourRange.EPOCH : HourRange.parse(since, context.clock(), "--since");
        Hour to = until == null ? Hour.containing(context.clock().instant()).next()
                : HourRange.parse(until, context.clock(), "--until");
        HourRange.requireSomeHour(from, to, HourRange.given(since, until, to));
        Snapshot config = common.config(context.clock());
        Pattern filter = stream == null ? null : Pattern.compile(stream);
        TableFilter tables = TableFilter.of(tableInclude, tableExclude);
        // discovered before the session starts, with the Hadoop configuration the session will have
        RawLayout layout = new RawLayout(RawRoot.parse(rawDir), config,
                HadoopConf.fromSpark(common.spark("cutover-refine-" + job).effectiveConf()));
        List<RawHour> hours = layout.discover(s -> (filter == null || filter.matcher(s).find()) && tables.test(s),
                from, to);
        if (includeIncomplete) {
            hours = hours.stream().map(h -> new RawHour(h.stream(), h.hour(), h.dirs().stream()
                    .map(d -> new RawHour.Dir(d.datacenter(), d.path(), true, d.importedAt())).toList(), h.bytes(),
                    h.mtime())).toList();
        }
        StreamSchemas schemas = new StreamSchemas(config, common.schemas());
        RouteProvider routes;
        List<ReportSink> sinks = new ArrayList<>(List.of(ReportSink.jsonLines(context.out())));
        if (target.database != null) {
            routes = new FixedDatabaseRoutes(DatabaseName.of(target.database));
        } else {
            ControllerOptions c = new ControllerOptions();
            c.controller = target.controller;
            c.tokenFile = tokenFile;
            c.httpTimeout = "10s";
            ControllerApiClient client = c.client();
            routes = kafkaOptions.routes(client, context.clock(), context.err());
            sinks.add(kafkaOptions.reports(context.clock(), context.err())
                    .<ReportSink>map(k -> k).orElseGet(() -> ReportSink.controller(client, context.err())));
        }
        if (reportFile != null) {
            sinks.add(ReportSink.file(reportFile));
        }
        SparkSession spark = spark(common, "refine-" + job);
        if (migrate) {
            new Migrator(spark, context.clock()).apply(Migrator.load(migrationsDir()));
        }
        Refiner refiner = new Refiner(spark, schemas, context.clock(), corruptThreshold);
        // routed by the controller: each routed write first reads what storage holds (RoutedWrite); fixed: refine
        RoutedRefine routed = target.database != null
                ? new RoutedRefine(refiner, routes, new DoneMarkers(common.stateDir()), ReportSink.all(sinks),
                        context.clock(), context.err())
                : new RoutedRefine(refiner::refine, routes, new DoneMarkers(common.stateDir()), ReportSink.all(sinks),
                        context.clock(), context.err(), RoutedRefine.DEFAULT_RETRY,
                        new HiveHourStorage(spark, context.clock(), new PartitionCopier(spark, context.clock())),
                        Databases.of(CutoverSettings.DEFAULTS));
        RoutedRefine.Summary summary = routed.run(job, chain, hours, ignoreDone);
        context.err().printf("refine[%s]: %d hours due, %d OK, %d failed, %d aborted (%s)%n", job, summary.due(),
                summary.ok(), summary.failed(), summary.aborted(), routes.describe());
        return summary.anyFailed() || summary.routeErrors() > 0 ? 1 : 0;
    }

    Path migrationsDir() {
        return migrationsDir != null ? migrationsDir : CommonOptions.home().resolve("migrations/hive");
    }
}
