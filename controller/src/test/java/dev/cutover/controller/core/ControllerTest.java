package dev.cutover.controller.core;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.routelog.RouteLog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.OFF;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static org.assertj.core.api.Assertions.assertThat;

/** The events {@link Controller#step} handles itself: the periodic resync and a failed effect. */
class ControllerTest {

    @Test
    void thePeriodicResyncSchedulesEveryStreamAndChangesNothing() {
        ControllerState state = active(plan(), twoStreams());

        Step step = Controller.step(state, new Event.ResyncDue());

        assertThat(step.next()).isSameAs(state);
        assertThat(step.effects()).containsExactly(new Effect.Schedule(Set.of(NAV, DELETE, OFF), Trigger.RESYNC));
    }

    @Test
    void aFailedEffectChangesNothingAndIsLoggedAsAnErrorSayingWhatWasLost() {
        ControllerState state = active(plan(), twoStreams());
        Effect.Append append = new Effect.Append(new RouteLog.Batch(List.of(), List.of(), List.of()));
        Effect.WriteFlag write = new Effect.WriteFlag(new Reconciliation(3, Trigger.REPORT, NAV),
                new FlagChange(NAV, FlagChange.Kind.PROMOTE, "auto-promoter", "evidence"),
                dev.cutover.streamconfig.OverrideHead.revisionOnly(0));

        Step appendFailed = Controller.step(state, new Event.EffectFailed(T0, append, "disk full"));
        Step writeFailed = Controller.step(state, new Event.EffectFailed(T0, write, "read-only file system"));

        assertThat(appendFailed.next()).isSameAs(state);
        assertThat(logs(appendFailed.effects(), Effect.Level.ERROR)).singleElement().asString()
                .contains("none of it was applied", "disk full");
        assertThat(appendFailed.effects()).hasSize(1);
        assertThat(writeFailed.next()).isSameAs(state);
        assertThat(logs(writeFailed.effects(), Effect.Level.ERROR)).singleElement().asString()
                .contains("PROMOTE " + NAV, "read-only file system", "[reconcile #3 report " + NAV + "]");
    }
}
