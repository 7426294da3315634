package dev.cutover.worker.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkAction;
import dev.cutover.testkit.MutableClock;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.Attempt;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.transform.TransformChain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routed pass without Spark: which hours it marks done, and what it hands the refine (a fake refiner). */
class RoutedRefineTest {

    private static final String NAV = "eventlogging_NavigationTiming";
    private static final Hour H = Hour.parse("2026-11-22T10");
    private static final Instant NOT_BEFORE = Instant.parse("2026-11-23T00:11:00Z");
    private static final RawHour RAW = new RawHour(NAV, H, List.of(new RawHour.Dir(Optional.empty(),
            new org.apache.hadoop.fs.Path("file:/raw/eventlogging_NavigationTiming/hour=10"), true)), 100, 1_000);

    @TempDir
    Path state;

    private final MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<Refiner.Request> refined = new ArrayList<>();

    private final RouteProvider routes = new RouteProvider() {
        @Override
        public Optional<Route> route(String job, String stream, Hour hour) {
            return Optional.of(Route.write("event", 2, 60_000L, NOT_BEFORE));
        }

        @Override
        public Fence fence(String stream, long epoch) {
            return Fence.NONE;
        }

        @Override
        public String describe() {
            return "fixed routes";
        }
    };

    private RefineReport refine(Refiner.Request r) {
        refined.add(r);
        return new Attempt(r.itemId(), r.job(), r.raw().stream(), r.raw().hour(), r.database().value(),
                "navigationtiming", r.epoch(), 1).refined(3, "c0ffee", "fp", r.raw().bytes());
    }

    private RoutedRefine routed(ReportSink sink) {
        return new RoutedRefine(this::refine, routes, new DoneMarkers(state), sink, clock,
                new PrintStream(log, true, StandardCharsets.UTF_8), RoutedRefine.DEFAULT_RETRY);
    }

    private RoutedRefine.Summary pass(RoutedRefine routed) {
        return routed.run("legacy", TransformChain.parse(TransformChain.DEFAULTS), List.of(RAW), false);
    }

    @Test
    void anOkHourWhoseReportWasNotDeliveredIsNotMarkedDoneAndIsRefinedAndReportedAgainNextRound() {
        List<RefineReport> attempts = new ArrayList<>();
        RoutedRefine routed = routed(r -> attempts.add((RefineReport) r) && attempts.size() > 1);

        assertThat(pass(routed).ok()).isEqualTo(1);
        assertThat(new DoneMarkers(state).isDone("legacy", RAW, "event", 2)).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("the report of " + NAV + " " + H
                + " (job legacy) was not delivered, so the hour is not marked done");

        pass(routed);
        assertThat(attempts).hasSize(2);
        assertThat(new DoneMarkers(state).isDone("legacy", RAW, "event", 2)).as("delivered the second time").isTrue();
        pass(routed);
        assertThat(refined).as("a done hour is not refined again").hasSize(2);
    }

    @Test
    void aSinkThatThrowsHasNotDeliveredTheReport() {
        RoutedRefine routed = routed(r -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
        });

        assertThat(pass(routed).ok()).isEqualTo(1);
        assertThat(new DoneMarkers(state).isDone("legacy", RAW, "event", 2)).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("not delivered: ").contains("disk full");
    }

    /**
     * The controller never heard of hour H (the reports were lost, or it was down) and the flag was reverted: both
     * jobs' routes changed under epoch 3, production still holds airflow's output of H (epoch 2) and event_systemd
     * holds legacy's. Legacy's routed write must neither recompute production nor overwrite airflow's output before
     * it is preserved (I3); airflow's routed write preserves it by a copy; then legacy restores by a copy.
     */
    @Test
    void anHourTheControllerNeverHeardOfIsPreservedAndRestoredByCopiesAfterARollbackNotRecomputed() {
        Map<String, RoutedWrite.Held> held = new HashMap<>();
        held.put("event", new RoutedWrite.Held("airflow", 2, "a1"));
        held.put("event_systemd", new RoutedWrite.Held("legacy", 2, "l1"));
        List<String> copies = new ArrayList<>();
        HourStorage storage = new HourStorage() {
            @Override
            public Optional<RoutedWrite.Held> held(String database, String stream, Hour hour) {
                return Optional.ofNullable(held.get(database));
            }

            @Override
            public CopyReport copy(String job, String stream, Hour hour, String from, String to, long epoch,
                                   LeaseTerms terms, Fence fence) {
                copies.add(job + " " + from + "->" + to + "@" + epoch);
                RoutedWrite.Held source = held.get(from);
                held.put(to, new RoutedWrite.Held(job, epoch, source.checksum()));
                return new Attempt(null, job, stream, hour, to, "navigationtiming", epoch, 1)
                        .copied(from, 3, source.checksum(), "fp");
            }
        };
        RouteProvider rolledBack = new RolledBackRoutes("event", "event_airflow", 3);
        List<Report> delivered = new ArrayList<>();
        RoutedRefine routed = new RoutedRefine(this::refine, rolledBack, new DoneMarkers(state), delivered::add, clock,
                new PrintStream(log, true, StandardCharsets.UTF_8), RoutedRefine.DEFAULT_RETRY, storage,
                new Databases("event", Map.of("legacy", "event_systemd", "airflow", "event_airflow")));
        TransformChain chain = TransformChain.parse(TransformChain.DEFAULTS);

        routed.run("legacy", chain, List.of(RAW), false);
        assertThat(refined).as("no recompute").isEmpty();
        assertThat(copies).as("airflow's output is not preserved yet").isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("not yet preserved in event_airflow");

        routed.run("airflow", chain, List.of(RAW), false);
        routed.run("legacy", chain, List.of(RAW), false);
        assertThat(copies).containsExactly("airflow event->event_airflow@3", "legacy event_systemd->event@3");
        assertThat(refined).as("no recompute").isEmpty();
        assertThat(delivered).extracting(Report::action, Report::database)
                .containsExactly(tuple(WorkAction.COPY, "event_airflow"), tuple(WorkAction.COPY, "event"));
        assertThat(new DoneMarkers(state).isDone("legacy", RAW, "event", 3)).isTrue();
        routed.run("legacy", chain, List.of(RAW), false);
        assertThat(copies).as("a restored hour is done").hasSize(2);
    }

    @Test
    void theRoutesWriteLeaseTermsReachTheCommit() {
        pass(routed(r -> true));

        assertThat(refined).singleElement().satisfies(r -> {
            assertThat(r.epoch()).isEqualTo(2);
            assertThat(r.terms()).isEqualTo(new LeaseTerms(Duration.ofMinutes(1), Optional.of(NOT_BEFORE)));
        });
    }

    @Test
    void anHourNotYetDueUnderTheJobsStartDelayIsLeftForALaterPassByTheWorkersClock() {
        Instant imported = clock.instant().minus(Duration.ofMinutes(30));
        RawHour raw = new RawHour(NAV, H, List.of(new RawHour.Dir(Optional.empty(), RAW.dirs().get(0).path(), true,
                imported.toEpochMilli())), 100, imported.toEpochMilli());
        StartDelays delays = StartDelays.parse(List.of("legacy=45m"), List.of("legacy", "airflow"));
        RoutedRefine routed = routed(r -> true);
        TransformChain chain = TransformChain.parse(TransformChain.DEFAULTS);

        RoutedRefine.Summary early = routed.run("legacy", chain, List.of(raw), false, delays);
        assertThat(early.due()).isZero();
        assertThat(early.delayed()).isEqualTo(1);
        assertThat(refined).isEmpty();
        assertThat(routed.run("airflow", chain, List.of(raw), false, delays).due()).as("no delay for airflow")
                .isEqualTo(1);

        clock.advance(Duration.ofMinutes(15));
        RoutedRefine.Summary due = routed.run("legacy", chain, List.of(raw), false, delays);
        assertThat(due.due()).as("45 minutes after the _IMPORTED flag").isEqualTo(1);
        assertThat(due.delayed()).isZero();
        assertThat(routed.run("legacy", chain, List.of(raw), false, delays).delayed()).as("done: not delayed")
                .isZero();
    }
}
