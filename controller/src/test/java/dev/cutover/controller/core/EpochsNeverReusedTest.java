package dev.cutover.controller.core;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Segment;
import dev.cutover.streamconfig.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: an epoch is a fencing token, so a stream never gets one it had before, even when the route log no
 * longer holds the stream's state (a repair cut it off, a routes-topic tombstone removed it) but knows its highest
 * epoch.
 */
class EpochsNeverReusedTest {

    private static ControllerState restoredWith(RouteLog.Restored restored, Snapshot snapshot) {
        return settle(restore(plan(), Role.ACTIVE, Optional.of(snapshot), restored, Optional.empty()));
    }

    @Test
    void aStreamManagedAgainAfterItsStateWasLostStartsAboveTheHighestEpochItEverHad() {
        RouteLog.Restored lost = new RouteLog.Restored(Map.of(), List.of(), List.of(), Map.of(NAV, 3L));

        ControllerState state = restoredWith(lost, config().managed(NAV).snapshot("v1"));

        StreamState nav = state.state(NAV).orElseThrow();
        assertThat(nav.phase()).isEqualTo(Phase.SHADOW);
        assertThat(nav.epoch()).isEqualTo(4);
        assertThat(nav.segments()).extracting(Segment::epoch).containsExactly(4L);
        assertThat(state.audit().events()).anySatisfy(e -> assertThat(e.what()).contains("epoch 4")
                .contains("above epoch 3"));
    }

    @Test
    void aStreamWhoseStoredStateIsBehindItsHighestEpochContinuesAboveIt() {
        StreamState behind = StreamState.initial(NAV, "legacy", T0);
        RouteLog.Restored restored = new RouteLog.Restored(Map.of(NAV, behind), List.of(), List.of(),
                Map.of(NAV, 3L));

        ControllerState state = restoredWith(restored, config().managed(NAV).snapshot("v1"));

        StreamState nav = state.state(NAV).orElseThrow();
        assertThat(nav.epoch()).isEqualTo(3);
        assertThat(nav.segments()).as("the routes themselves are unchanged").isEqualTo(behind.segments());
        StreamState next = nav.withRoutesFrom(CoreFixtures.H0, "airflow", false, CoreFixtures.H0);
        assertThat(next.epoch()).as("the next routing change").isEqualTo(4);
    }

    @Test
    void aStreamThatLeavesTheConfigAndComesBackKeepsItsEpoch() {
        ControllerState state = restoredWith(CoreFixtures.NOTHING, config().managed(NAV).snapshot("v1"));
        StreamState promoted = state.state(NAV).orElseThrow().withRoutesFrom(CoreFixtures.H0, "airflow", false,
                CoreFixtures.H0);
        state = restoredWith(CoreFixtures.restored(List.of(promoted), List.of()), config().managed(CoreFixtures.DELETE).snapshot("v2"));
        assertThat(state.state(NAV).orElseThrow().phase()).isEqualTo(Phase.ORPHANED);

        state = restoredWith(CoreFixtures.restored(List.of(state.state(NAV).orElseThrow()), List.of()),
                config().managed(NAV).snapshot("v3"));

        assertThat(state.state(NAV).orElseThrow().epoch()).isEqualTo(2);
    }
}
