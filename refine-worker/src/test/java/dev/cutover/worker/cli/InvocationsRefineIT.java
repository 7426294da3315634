package dev.cutover.worker.cli;

import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Invocation;
import dev.cutover.protocol.Invocations;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.Routing;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerRun;
import dev.cutover.worker.inspect.Inspector;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.table.HiveTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs teams already run, unmodified: the routes of three streams (one cut over in the middle of the range, one
 * cut over and rolled back, one steady) rendered as invocations for each job, each invocation run as the worker's
 * standalone refine ({@code --database}, {@code --table-include-regex}, {@code --since}, {@code --until}: no route,
 * no epoch, no fencing, as Refine itself), then I1-I3 checked on the warehouse from the provenance each commit
 * recorded: every (stream, hour) in production once, written by the job the route names, and each job's shadow
 * hours, and only those, in its shadow database.
 */
class InvocationsRefineIT {

    private static final CutoverSettings S = CutoverSettings.DEFAULTS;
    private static final Databases DATABASES = Databases.of(S);
    private static final String NT = "eventlogging_NavigationTiming";
    private static final String PC = "mediawiki.page-create";
    private static final String PD = "mediawiki.page-delete";
    /** Hours of their own (other ITs of this JVM use 2026 in the same databases). */
    private static final Hour FROM = Hour.parse("2027-02-03T00");
    private static final Hour TO = FROM.plusHours(3);

    private record Key(String stream, Hour hour, String datacenter) {
    }

    private static List<RouteTable> routes() {
        return List.of(
                RouteTable.of(NT, Routing.initial("legacy").from(FROM.plusHours(2), "airflow", false), DATABASES,
                        List.of()),
                RouteTable.of(PC, Routing.initial("legacy"), DATABASES, List.of()),
                RouteTable.of(PD, Routing.initial("legacy").from(FROM.plusHours(1), "airflow", false)
                        .from(FROM.plusHours(2), "legacy", false), DATABASES, List.of()));
    }

    @Test
    void eachJobRunningItsRenderedInvocationsWritesEveryHourOnceWhereTheRoutesSay(@TempDir Path raw,
                                                                                @TempDir Path state) {
        long seed = 7;
        for (String stream : List.of(NT, PC, PD)) {
            Fixtures.generate(raw, stream, FROM.toString(), TO.previous().toString(), 3, 0, 0, 0, seed++);
        }
        List<RouteTable> routes = routes();
        List<RefineReport> reports = new ArrayList<>();
        for (String job : S.jobs()) {
            Invocations invocations = Invocations.render(job, routes, FROM, TO);
            assertThat(invocations.held()).isEmpty();
            assertThat(invocations.runs()).hasSizeGreaterThan(2);
            for (Invocation run : invocations.runs()) {
                reports.addAll(refine(job, run, raw, state.resolve(job)));
            }
        }

        Map<String, RouteTable> byStream = new HashMap<>();
        routes.forEach(t -> byStream.put(t.stream(), t));
        Set<String> refined = new HashSet<>();
        for (RefineReport report : reports) {
            assertThat(report.status()).as("%s", report).isEqualTo(ReportStatus.OK);
            assertThat(refined.add(report.job() + " " + report.stream() + " " + report.hour()))
                    .as("%s %s %s refined once", report.job(), report.stream(), report.hour()).isTrue();
            assertThat(report.database()).as("%s", report)
                    .isEqualTo(byStream.get(report.stream()).route(report.job(), report.hour()).database());
        }
        assertThat(refined).as("every job, stream and hour").hasSize(2 * 3 * 3);

        Map<String, Map<Key, Inspector.PartitionInfo>> warehouse = warehouse();
        Map<Key, Inspector.PartitionInfo> production = warehouse.get(S.productionDatabase().value());
        List<RawHour> rawHours = Fixtures.hours(raw);
        assertThat(rawHours).hasSize(3 * 3);
        Set<Key> expectedProduction = new HashSet<>();
        Map<String, Set<Key>> expectedShadow = new HashMap<>();
        for (RawHour hour : rawHours) {
            RouteTable table = byStream.get(hour.stream());
            for (RawHour.Dir dir : hour.dirs()) {
                Key key = new Key(hour.stream(), hour.hour(), dir.datacenter().orElse(null));
                expectedProduction.add(key);
                for (String job : S.jobs()) {
                    Route route = table.route(job, hour.hour());
                    if (!route.database().equals(S.productionDatabase().value())) {
                        expectedShadow.computeIfAbsent(route.database(), d -> new HashSet<>()).add(key);
                    }
                }
            }
        }
        // I2: every complete raw hour (each datacenter) has its production partition, and nothing else is there
        assertThat(production.keySet()).isEqualTo(expectedProduction);
        for (Map.Entry<Key, Inspector.PartitionInfo> p : production.entrySet()) {
            Key key = p.getKey();
            RouteTable table = byStream.get(key.stream());
            String leader = table.routing().segmentFor(key.hour()).leader();
            // I1: last written by the hour's leader; a standalone refine is unfenced (epoch 0, as Refine knows none)
            assertThat(p.getValue().job()).as("the writer of %s", key).isEqualTo(leader);
            assertThat(table.route(leader, key.hour()).database()).isEqualTo(S.productionDatabase().value());
            assertThat(p.getValue().action()).isEqualTo("refine");
            assertThat(p.getValue().epoch()).isZero();
            // I3: the secondary kept its output of the hour in its shadow database
            String secondary = S.otherJob(leader);
            Inspector.PartitionInfo shadow = warehouse.get(S.shadowOf(secondary).value()).get(key);
            assertThat(shadow).as("%s's shadow output of %s", secondary, key).isNotNull();
            assertThat(shadow.job()).isEqualTo(secondary);
        }
        // each job's shadow database holds exactly the hours it is the secondary of, written by that job
        for (String job : S.jobs()) {
            String shadow = S.shadowOf(job).value();
            assertThat(warehouse.get(shadow).keySet()).as(shadow).isEqualTo(expectedShadow.get(shadow));
            assertThat(warehouse.get(shadow).values()).extracting(Inspector.PartitionInfo::job).containsOnly(job);
        }
        assertThat(expectedShadow.get("event_systemd")).as("the cutover moved hours to legacy's shadow")
                .anyMatch(k -> k.stream().equals(NT) && k.hour().equals(FROM.plusHours(2)));
    }

    /** One invocation as the worker's standalone refine; every hour it refines must succeed. */
    private static List<RefineReport> refine(String job, Invocation run, Path raw, Path state) {
        WorkerRun result = WorkerRun.of("refine", "--job", job, "--raw-dir", raw.toString(),
                "--database", run.outputDatabase(), "--table-include-regex", run.tableIncludeRegex(),
                "--since", run.since().toString(), "--until", run.until().toString(),
                // a (stream, hour) in two runs would be refined twice, not skipped as done: the check above sees it
                "--ignore-done", "--state-dir", state.toString(),
                "--config-source", TestSpark.productionConfig().toString(),
                "--schema-repo", TestSpark.schemas().toString());
        assertThat(result.code()).as("%s for %s: %s", job, run, result.err()).isZero();
        List<RefineReport> reports = new ArrayList<>();
        result.out().lines().forEach(line -> reports.add((RefineReport) ProtocolJson.read(line, Report.class)));
        assertThat(reports).as("%s for %s", job, run).hasSize((int) run.hours() * run.tables().size());
        return reports;
    }

    /** The partitions of the three streams' tables in the range, per database, keyed by (stream, hour, dc). */
    private static Map<String, Map<Key, Inspector.PartitionInfo>> warehouse() {
        Inspector inspector = new Inspector(new HiveTables(TestSpark.get()));
        Map<String, Map<Key, Inspector.PartitionInfo>> byDatabase = new HashMap<>();
        for (String database : List.of("event", "event_systemd", "event_airflow")) {
            Map<Key, Inspector.PartitionInfo> partitions = new HashMap<>();
            for (String stream : List.of(NT, PC, PD)) {
                for (Inspector.PartitionInfo p : inspector.list(DatabaseName.of(database),
                        Optional.of(TableNames.forStream(stream)))) {
                    Hour hour = Hour.parse(p.hour());
                    if (!hour.isBefore(FROM) && hour.isBefore(TO)) {
                        assertThat(p.stream()).isEqualTo(stream);
                        partitions.put(new Key(stream, hour, p.datacenter()), p);
                    }
                }
            }
            byDatabase.put(database, partitions);
        }
        return byDatabase;
    }
}
