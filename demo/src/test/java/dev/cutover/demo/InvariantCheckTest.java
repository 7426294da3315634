package dev.cutover.demo;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InvariantCheckTest {

    private static final String NAV = "eventlogging_NavigationTiming";
    private static final Hour H = Hour.parse("2026-11-22T02");
    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
    private static final CutoverSettings S = CutoverSettings.DEFAULTS;

    /** Cut over at 02 (epoch 2): hours 00-01 legacy, 02-03 airflow. */
    private final Map<String, StreamState> states = Map.of(NAV, StreamState.initial(NAV, "legacy", T)
            .withRoutesFrom(H, "airflow", false, H).withPhase(Phase.PROMOTED, T));

    private static Partition p(String db, String hour, String job, long epoch, String action) {
        return new Partition(db, "navigationtiming", NAV, hour, null, job, epoch, action, 10L);
    }

    private static List<Partition> healthy() {
        List<Partition> parts = new ArrayList<>();
        for (String hour : List.of("2026-11-22T00", "2026-11-22T01")) {
            parts.add(p("event", hour, "legacy", 1, "refine"));
            parts.add(p("event_airflow", hour, "airflow", 1, "refine"));
        }
        for (String hour : List.of("2026-11-22T02", "2026-11-22T03")) {
            parts.add(p("event", hour, "airflow", 2, "refine"));
            parts.add(p("event_systemd", hour, "legacy", 2, "refine"));
        }
        return parts;
    }

    private static List<InvariantCheck.RawHour> raw(int hours) {
        List<InvariantCheck.RawHour> raw = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            raw.add(new InvariantCheck.RawHour(NAV, Hour.parse("2026-11-22T00").plusHours(i), null));
        }
        return raw;
    }

    @Test
    void everyPartitionWrittenByItsLeaderWithTheSecondaryShadowPasses() {
        List<InvariantCheck.Row> rows = InvariantCheck.check(states, healthy(), raw(4), S);

        assertThat(rows).hasSize(4).allMatch(InvariantCheck.Row::ok);
        assertThat(InvariantCheck.allOk(rows)).isTrue();
    }

    @Test
    void aProductionPartitionFromTheWrongJobOrAnOldEpochViolatesI1() {
        List<Partition> parts = healthy();
        parts.removeIf(x -> x.database().equals("event") && x.hour().equals("2026-11-22T02"));
        parts.add(p("event", "2026-11-22T02", "legacy", 1, "refine"));

        List<InvariantCheck.Row> rows = InvariantCheck.check(states, parts, raw(4), S);

        assertThat(rows).filteredOn(r -> !r.i1()).extracting(InvariantCheck.Row::hour).containsExactly("2026-11-22T02");
        assertThat(InvariantCheck.allOk(rows)).isFalse();
    }

    @Test
    void aCompleteRawHourWithoutAProductionPartitionViolatesI2() {
        List<InvariantCheck.Row> rows = InvariantCheck.check(states, healthy(), raw(5), S);

        assertThat(rows).filteredOn(r -> !r.i2()).singleElement()
                .satisfies(r -> assertThat(r.hour()).isEqualTo("2026-11-22T04"))
                .satisfies(r -> assertThat(r.how()).isEqualTo("missing"));
    }

    @Test
    void aMissingSecondaryShadowPartitionViolatesI3() {
        List<Partition> parts = healthy();
        parts.removeIf(x -> x.database().equals("event_systemd") && x.hour().equals("2026-11-22T03"));

        List<InvariantCheck.Row> rows = InvariantCheck.check(states, parts, raw(4), S);

        assertThat(rows).filteredOn(r -> !r.i3()).extracting(InvariantCheck.Row::hour).containsExactly("2026-11-22T03");
    }

    /** Cut over at 02 (epoch 2), rolled back from 02 (epoch 3) after 02-03 were committed; 04 came after. */
    private final Map<String, StreamState> rolledBack = Map.of(NAV, StreamState.initial(NAV, "legacy", T)
            .withRoutesFrom(H, "airflow", false, H).withRoutesFrom(H, "legacy", false, H).withPhase(Phase.SHADOW, T));

    /** Production restored by copies from legacy's shadow, airflow's production output preserved by copies. */
    private static List<Partition> restoredByCopies() {
        List<Partition> parts = new ArrayList<>();
        for (String hour : List.of("2026-11-22T00", "2026-11-22T01")) {
            parts.add(p("event", hour, "legacy", 1, "refine"));
            parts.add(p("event_airflow", hour, "airflow", 1, "refine"));
        }
        for (String hour : List.of("2026-11-22T02", "2026-11-22T03")) {
            parts.add(p("event_systemd", hour, "legacy", 2, "refine"));
            parts.add(p("event_airflow", hour, "airflow", 3, "copy"));
            parts.add(p("event", hour, "legacy", 3, "copy"));
        }
        parts.add(p("event", "2026-11-22T04", "legacy", 3, "refine"));
        parts.add(p("event_airflow", "2026-11-22T04", "airflow", 3, "refine"));
        return parts;
    }

    @Test
    void hoursRestoredByCopiesAfterARollbackAndHoursRefinedAfterItPass() {
        List<InvariantCheck.Row> rows = InvariantCheck.check(rolledBack, restoredByCopies(), raw(5), S);

        assertThat(rows).hasSize(5).allMatch(InvariantCheck.Row::ok).allMatch(r -> r.problems().isEmpty());
        assertThat(rows).filteredOn(r -> r.hour().equals("2026-11-22T04")).singleElement()
                .satisfies(r -> assertThat(r.how()).as("an hour after the rollback is legacy's own refine")
                        .isEqualTo("refine"));
    }

    @Test
    void anHourRestoredAfterARollbackByARefineInsteadOfACopyViolatesI3() {
        List<Partition> parts = restoredByCopies();
        parts.removeIf(x -> x.database().equals("event") && x.hour().equals("2026-11-22T03"));
        parts.add(p("event", "2026-11-22T03", "legacy", 3, "refine"));

        List<InvariantCheck.Row> rows = InvariantCheck.check(rolledBack, parts, raw(5), S);

        assertThat(rows).filteredOn(r -> !r.ok()).singleElement().satisfies(r -> {
            assertThat(r.hour()).isEqualTo("2026-11-22T03");
            assertThat(r.i1()).as("the right job under the right epoch: only the way it was written is wrong").isTrue();
            assertThat(r.i3()).isFalse();
            assertThat(r.problems()).singleElement().asString().contains("restored after the rollback by refine")
                    .contains("event_systemd");
        });
        assertThat(InvariantCheck.allOk(rows)).isFalse();
    }

    @Test
    void aRefineAfterACutoverThatWasNeverRolledBackIsNoRestore() {
        List<InvariantCheck.Row> rows = InvariantCheck.check(states, healthy(), raw(4), S);

        assertThat(rows).filteredOn(r -> r.hour().compareTo("2026-11-22T02") >= 0).hasSize(2)
                .allMatch(r -> r.how().equals("refine") && r.i3());
    }

    @Test
    void everyViolationSaysWhichInvariantAndWhy() {
        List<Partition> parts = healthy();
        parts.removeIf(x -> x.database().equals("event_systemd") && x.hour().equals("2026-11-22T03"));

        List<InvariantCheck.Row> rows = InvariantCheck.check(states, parts, raw(5), S);

        assertThat(rows).filteredOn(r -> r.hour().equals("2026-11-22T03")).singleElement()
                .satisfies(r -> assertThat(r.problems()).singleElement().asString()
                        .startsWith("I3: the secondary legacy has no output").contains("event_systemd"));
        assertThat(rows).filteredOn(r -> r.hour().equals("2026-11-22T04")).singleElement()
                .satisfies(r -> assertThat(r.problems()).singleElement().asString().startsWith("I2:"));
    }

    @Test
    void nothingCheckedIsNotAProof() {
        assertThat(InvariantCheck.allOk(InvariantCheck.check(states, List.of(), List.of(), S))).isFalse();
    }
}
