package dev.cutover.controller.routelog;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RouteLog} guarantees, run against each implementation (the journal in a temporary directory,
 * Kafka on a real broker). A subclass gives each test an empty store; {@link #open()} returns a new instance over
 * that same store (a restart).
 *
 * <p>Report sequence numbers are the implementation's (the journal keeps the controller's, Kafka numbers reports
 * by their offset): the contract is that restore returns the reports in the order they were appended, with
 * strictly increasing numbers.
 */
public abstract class RouteLogContract {

    protected static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    protected static final Hour H = Hour.parse("2026-11-22T05");

    /** A new route log over the store of the current test. */
    protected abstract RouteLog open();

    protected static StreamState shadow(String stream) {
        return StreamState.initial(stream, "legacy", T0);
    }

    protected static StreamState cutover(String stream) {
        return shadow(stream).withRoutesFrom(H, "airflow", false, H).withPhase(Phase.CUTOVER, T0.plusSeconds(60));
    }

    protected static AuditEvent event(long seq, String stream, String what) {
        return new AuditEvent(seq, T0.plusSeconds(seq), stream, "controller", what, "because", "rev-" + seq);
    }

    protected static ReportRecord report(long seq, String stream, WorkAction action, String database, Hour hour,
                                         Verdict verdict) {
        return new ReportRecord(seq, T0.plusMillis(seq * 1001), TestReports.ok("w-" + seq, action, "airflow", stream,
                hour, database, 2, verdict));
    }

    private static RouteLog.Batch batch(List<StreamState> routes, List<AuditEvent> events, List<ReportRecord> reports) {
        return TestBatches.batch(routes, events, reports);
    }

    @Test
    void restoresNothingFromAnEmptyStore() {
        try (RouteLog log = open()) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).isEmpty();
            assertThat(restored.events()).isEmpty();
            assertThat(restored.reports()).isEmpty();
        }
    }

    @Test
    void restoresRoutesEventsAndReportsAfterARestart() {
        try (RouteLog log = open()) {
            log.restore();
            log.append(batch(List.of(shadow("a"), shadow("b")), List.of(event(1, "a", "managed")), List.of()));
            log.append(batch(List.of(cutover("a")), List.of(event(2, "a", "CUTOVER")),
                    List.of(report(1, "a", WorkAction.REFINE, "event", H, null))));
        }
        try (RouteLog log = open()) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).containsOnlyKeys("a", "b");
            assertThat(restored.routes().get("a")).isEqualTo(cutover("a"));
            assertThat(restored.routes().get("b")).isEqualTo(shadow("b"));
            assertThat(restored.events()).containsExactly(event(1, "a", "managed"), event(2, "a", "CUTOVER"));
            assertThat(restored.reports()).extracting(ReportRecord::report)
                    .containsExactly(report(1, "a", WorkAction.REFINE, "event", H, null).report());
            assertThat(restored.reports()).extracting(ReportRecord::receivedAt)
                    .containsExactly(report(1, "a", WorkAction.REFINE, "event", H, null).receivedAt());
        }
    }

    @Test
    void keepsOnlyTheLatestStateOfEachStream() {
        try (RouteLog log = open()) {
            log.restore();
            log.append(batch(List.of(shadow("a")), List.of(), List.of()));
            log.append(batch(List.of(cutover("a")), List.of(), List.of()));
            log.append(batch(List.of(cutover("a").withPhase(Phase.PROMOTED, T0.plusSeconds(120))), List.of(),
                    List.of()));
        }
        try (RouteLog log = open()) {
            assertThat(log.restore().routes()).containsExactlyEntriesOf(
                    java.util.Map.of("a", cutover("a").withPhase(Phase.PROMOTED, T0.plusSeconds(120))));
        }
    }

    @Test
    void keepsAuditEventsInTheOrderTheyWereAppended() {
        List<AuditEvent> appended = new ArrayList<>();
        try (RouteLog log = open()) {
            log.restore();
            for (int i = 1; i <= 12; i++) {
                AuditEvent e = event(i, i % 2 == 0 ? "even" : "odd", "step " + i);
                appended.add(e);
                log.append(batch(List.of(), List.of(e), List.of()));
            }
        }
        try (RouteLog log = open()) {
            assertThat(log.restore().events()).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void restoresReportsInAppendOrderWithIncreasingSequenceNumbers() {
        List<ReportRecord> appended = List.of(
                report(1, "a", WorkAction.REFINE, "event_airflow", H, null),
                report(2, "b", WorkAction.REFINE, "event_airflow", H, null),
                report(3, "a", WorkAction.COMPARE, null, H, Verdict.PASS),
                report(4, "a", WorkAction.REFINE, "event_airflow", H.next(), null));
        try (RouteLog log = open()) {
            log.restore();
            log.append(batch(List.of(), List.of(), appended.subList(0, 2)));
            log.append(batch(List.of(), List.of(), appended.subList(2, 4)));
        }
        try (RouteLog log = open()) {
            List<ReportRecord> restored = log.restore().reports();
            assertThat(restored).extracting(ReportRecord::report)
                    .containsExactlyElementsOf(appended.stream().map(ReportRecord::report).toList());
            for (int i = 1; i < restored.size(); i++) {
                assertThat(restored.get(i).seq()).isGreaterThan(restored.get(i - 1).seq());
            }
        }
    }

    @Test
    void storesAWholeBatchOfManyStreamsEventsAndReports() {
        List<StreamState> routes = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        List<ReportRecord> reports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            routes.add(cutover("stream-" + i));
            events.add(event(i + 1, "stream-" + i, "CUTOVER"));
            reports.add(report(i + 1, "stream-" + i, WorkAction.REFINE, "event", H, null));
        }
        try (RouteLog log = open()) {
            log.restore();
            log.append(batch(routes, events, reports));
        }
        try (RouteLog log = open()) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).hasSize(50).containsValues(routes.toArray(StreamState[]::new));
            assertThat(restored.events()).containsExactlyElementsOf(events);
            assertThat(restored.reports()).hasSize(50);
        }
    }

    @Test
    void ignoresAnEmptyBatch() {
        try (RouteLog log = open()) {
            log.restore();
            log.append(batch(List.of(), List.of(), List.of()));
            log.append(batch(List.of(shadow("a")), List.of(), List.of()));
            log.append(batch(List.of(), List.of(), List.of()));
        }
        try (RouteLog log = open()) {
            assertThat(log.restore().routes()).containsOnlyKeys("a");
        }
    }

    @Test
    void keepsRoutesAndAuditEventsThroughCompaction() {
        try (RouteLog log = open()) {
            log.restore();
            log.append(batch(List.of(shadow("a")), List.of(event(1, "a", "one")), List.of()));
            log.append(batch(List.of(cutover("a")), List.of(event(2, "a", "two")),
                    List.of(report(1, "a", WorkAction.REFINE, "event", H, null))));
            log.compact();
            log.append(batch(List.of(shadow("b")), List.of(event(3, "b", "three")), List.of()));
        }
        try (RouteLog log = open()) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).containsOnlyKeys("a", "b");
            assertThat(restored.routes().get("a")).isEqualTo(cutover("a"));
            assertThat(restored.events()).extracting(AuditEvent::what).containsExactly("one", "two", "three");
            assertThat(restored.reports()).extracting(ReportRecord::report)
                    .containsExactly(report(1, "a", WorkAction.REFINE, "event", H, null).report());
        }
    }

    @Test
    void refusesToAppendBeforeRestoring() {
        try (RouteLog log = open()) {
            assertThatThrownBy(() -> log.append(batch(List.of(shadow("a")), List.of(), List.of())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("restore()");
        }
        try (RouteLog log = open()) {
            assertThat(log.restore().routes()).isEmpty();
        }
    }
}
