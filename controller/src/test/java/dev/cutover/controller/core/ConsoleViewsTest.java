package dev.cutover.controller.core;

import dev.cutover.controller.http.ConsoleViews;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.protocol.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.cutover.controller.core.CoreFixtures.CREATE;
import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.canaryHours;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's views of a published state: the board (strips, counts, plan order) and a stream's page. */
class ConsoleViewsTest {

    /** Just after hour 5 ends: the strip's 72 hours end with hour 5, the last complete one. */
    static final Instant NOW = H0.plusHours(6).toInstant().plus(Duration.ofMinutes(1));

    private static ControllerState threeStreams(MigrationPlan plan) {
        ControllerState state = active(plan, config().managed(CREATE).managed(DELETE).managed(NAV).snapshot("v1"));
        state = canaryHours(state, NAV, 3, Verdict.PASS);
        return canaryHours(state, DELETE, 2, Verdict.FAIL);
    }

    @Test
    void theBoardListsStreamsInPlanOrderWithTheirStripsAndCountsPerPhase() {
        ConsoleViews.Board board = ConsoleViews.board(threeStreams(plan()), NOW, true);

        assertThat(board.streams()).extracting(ConsoleViews.Row::stream).containsExactly(NAV, DELETE, CREATE);
        assertThat(board.streams()).extracting(ConsoleViews.Row::order).containsExactly(1, 2, null);
        assertThat(board.firstHour()).isEqualTo(H0.plusHours(6 - 72));
        ConsoleViews.Row nav = board.streams().get(0);
        assertThat(nav.strip()).hasSize(72).isEqualTo(".".repeat(66) + "PPP...");
        assertThat(board.streams().get(1).strip()).isEqualTo(".".repeat(66) + "FF....");
        assertThat(board.streams().get(2).strip()).isEqualTo(".".repeat(72));
        assertThat(nav.leader()).isEqualTo("legacy");
        assertThat(nav.epoch()).isEqualTo(1);
        assertThat(board.counts()).containsEntry("SHADOW", 3).containsEntry("PROMOTED", 0);
        assertThat(board.counts().keySet()).startsWith("SHADOW", "READY_TO_PROMOTE", "PREFLIGHT");
        assertThat(board.writesNeedToken()).isTrue();
        assertThat(board.ready()).isTrue();
    }

    @Test
    void hoursOutsideTheStripAreLeftOut() {
        ConsoleViews.Board later = ConsoleViews.board(threeStreams(plan()), NOW.plus(Duration.ofHours(68)), false);
        assertThat(later.streams().get(0).strip()).isEqualTo("P" + ".".repeat(71));
        assertThat(later.writesNeedToken()).isFalse();
    }

    @Test
    void withNoEvidenceInTheLast72HoursTheStripEndsWithTheNewestObservedHour() {
        ConsoleViews.Board backfill = ConsoleViews.board(threeStreams(plan()), NOW.plus(Duration.ofDays(30)), true);
        assertThat(backfill.firstHour()).isEqualTo(H0.plusHours(2 - 71));
        assertThat(backfill.streams().get(0).strip()).isEqualTo(".".repeat(69) + "PPP");
        assertThat(backfill.streams().get(1).strip()).isEqualTo(".".repeat(69) + "FF.");
    }

    @Test
    void aStreamPageHasItsVerdictsAuditTrailPreflightAndPatchesForItsGroup() {
        MigrationPlan grouped = plan().withGroups(List.of(new StreamGroup("edits", List.of(DELETE, CREATE))));
        ConsoleViews.Page page = ConsoleViews.page(threeStreams(grouped), DELETE, NOW, true);

        assertThat(page.detail().stream()).isEqualTo(DELETE);
        assertThat(page.order()).isEqualTo(2);
        assertThat(page.group().name()).isEqualTo("edits");
        assertThat(page.strip()).endsWith("FF....");
        assertThat(page.verdicts()).extracting(v -> v.verdict()).containsExactly("FAIL", "FAIL");
        assertThat(page.audit()).isNotEmpty().allSatisfy(e -> assertThat(e.stream()).isEqualTo(DELETE));
        assertThat(page.audit().get(0).what()).startsWith("managed:");
        assertThat(page.patch().promote()).isEqualTo("{\"" + DELETE + "\": {\"consumers\": {\"analytics_hive_ingestion\":"
                + " {\"hive_database\": \"event\"}}}, \"" + CREATE + "\": {\"consumers\": {\"analytics_hive_ingestion\":"
                + " {\"hive_database\": \"event\"}}}}");
        assertThat(page.patch().revert()).contains("\"hive_database\": \"event_airflow\"");
        assertThat(page.patch().promoteCommand()).isEqualTo("./cutover promote " + DELETE);
        // no compare carried a dry run, and both jobs' commits have the same schema fingerprint
        assertThat(page.preflight().evolve()).isNull();
        assertThat(page.preflight().hour()).isNull();
        assertThat(page.preflight().problems()).isEmpty();
    }

    @Test
    void aStreamThisControllerDoesNotManageIsNotFound() {
        assertThatThrownBy(() -> ConsoleViews.page(threeStreams(plan()), "no_such_stream", NOW, true))
                .isInstanceOf(DomainException.class).hasMessageContaining("no_such_stream");
    }
}
