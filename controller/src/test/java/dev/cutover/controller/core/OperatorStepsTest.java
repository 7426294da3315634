package dev.cutover.controller.core;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.Responses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.appended;
import static dev.cutover.controller.core.CoreFixtures.inPhase;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.restored;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static dev.cutover.controller.core.CoreFixtures.withoutLogs;
import static org.assertj.core.api.Assertions.assertThat;

/** The explicit, audited requests of a person: override a preflight block, decommission the legacy job. */
class OperatorStepsTest {

    /** A controller restored with NAV in {@code phase} (as the route log had it). */
    private static ControllerState withNavIn(Role role, Phase phase) {
        return restore(plan(), role, Optional.of(twoStreams()), restored(List.of(inPhase(NAV, phase)), List.of()),
                Optional.empty()).next();
    }

    private static Event.OperatorRequested request(String stream, Event.OperatorAction action, Reply reply) {
        return new Event.OperatorRequested(T0, stream, action, "carol", "T42: checked by hand", reply);
    }

    private static DomainError refusal(Step step) {
        assertThat(step.effects()).hasSize(1);
        return ((Effect.Refuse) step.effects().get(0)).error();
    }

    @ParameterizedTest(name = "{0} of a {1} stream")
    @CsvSource({"OVERRIDE, SHADOW", "OVERRIDE, CUTOVER", "OVERRIDE, PROMOTED", "DECOMMISSION, SHADOW",
            "DECOMMISSION, PROMOTED", "DECOMMISSION, BLOCKED", "DECOMMISSION, DECOMMISSIONED"})
    void aRequestInTheWrongPhaseIsAConflictNamingThePhase(Event.OperatorAction action, Phase phase) {
        ControllerState state = withNavIn(Role.ACTIVE, phase);

        Step step = Controller.step(state, request(NAV, action, new RecordingReply()));

        assertThat(step.next()).isSameAs(state);
        assertThat(refusal(step)).isInstanceOf(DomainError.Conflict.class);
        assertThat(refusal(step).message()).contains(NAV + " is " + phase);
    }

    @ParameterizedTest(name = "{0} of a {1} stream: {2}")
    @CsvSource({"OVERRIDE, BLOCKED, preflight overridden", "OVERRIDE, PREFLIGHT, preflight overridden",
            "DECOMMISSION, READY_TO_DECOMMISSION, decommission requested"})
    void anAcceptedRequestStoresTheStreamWithItsAuditEventThenAnswersAndReconcilesIt(Event.OperatorAction action,
                                                                                     Phase phase, String what) {
        ControllerState state = withNavIn(Role.ACTIVE, phase);
        RecordingReply reply = new RecordingReply();

        Step step = Controller.step(state, request(NAV, action, reply));

        StreamState before = state.state(NAV).orElseThrow();
        StreamState expected = action == Event.OperatorAction.OVERRIDE ? before.withOverridden(true)
                : before.withDecommissionRequested(true);
        ControllerState next = step.next();
        StreamEntry entry = next.entry(NAV).orElseThrow();
        AuditEvent event = appended(step).events().get(0);
        assertThat(withoutLogs(step.effects())).containsExactly(
                new Effect.Append(new RouteLog.Batch(List.of(new StreamRecord(expected, entry.table())),
                        List.of(event), List.of())),
                new Effect.Publish(),
                new Effect.Respond(reply, new Responses.RequestAccepted(NAV, true)),
                new Effect.Schedule(Set.of(NAV), Trigger.API));
        assertThat(event.seq()).isEqualTo(state.audit().lastSeq() + 1);
        assertThat(event.stream()).isEqualTo(NAV);
        assertThat(event.who()).isEqualTo("carol");
        assertThat(event.what()).isEqualTo(what);
        assertThat(event.why()).isEqualTo("T42: checked by hand");
        assertThat(event.at()).isEqualTo(T0);
        assertThat(event.configRevision()).isEqualTo("v1");
        assertThat(next.state(NAV)).contains(expected);
        assertThat(entry.tableUnwritten()).as("the append wrote the table").isFalse();
        assertThat(next.audit().events()).endsWith(event);
        assertThat(logs(step.effects(), Effect.Level.INFO)).singleElement().asString().contains("carol", what);
    }

    @Test
    void anUnknownStreamIsNotFound() {
        ControllerState state = withNavIn(Role.ACTIVE, Phase.BLOCKED);

        Step step = Controller.step(state, request("mediawiki.nope", Event.OperatorAction.OVERRIDE,
                new RecordingReply()));

        assertThat(step.next()).isSameAs(state);
        assertThat(refusal(step)).isInstanceOf(DomainError.NotFound.class);
        assertThat(refusal(step).message()).contains("mediawiki.nope", "not managed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"OVERRIDE", "DECOMMISSION"})
    void aStandbyRefusesEveryRequestAsUnavailableBeforeLookingAtTheStream(Event.OperatorAction action) {
        ControllerState standby = withNavIn(Role.STANDBY, Phase.READY_TO_DECOMMISSION);

        Step step = Controller.step(standby, request("mediawiki.nope", action, new RecordingReply()));

        assertThat(step.next()).isSameAs(standby);
        assertThat(refusal(step)).isInstanceOf(DomainError.Unavailable.class);
        assertThat(refusal(step).message()).contains("standby");
    }

    @Test
    void aControllerNotRestoredYetRefusesAsUnavailable() {
        ControllerState starting = ControllerState.initial(plan(), CoreFixtures.READY);

        Step step = Controller.step(starting, request(NAV, Event.OperatorAction.OVERRIDE, new RecordingReply()));

        assertThat(refusal(step)).isInstanceOf(DomainError.Unavailable.class);
        assertThat(refusal(step).message()).contains("starting");
    }
}
