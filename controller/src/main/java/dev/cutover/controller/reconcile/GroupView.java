package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.List;
import java.util.Optional;

/**
 * What one reconcile of a group member sees of the other members ({@link StreamGroup}): each one's state, whether
 * its flag says the new job leads, whether it is eligible for promotion and what its preflight finds. Pure data,
 * computed by the caller from the controller's state.
 */
public record GroupView(StreamGroup group, List<Member> others) {

    public GroupView {
        others = List.copyOf(others);
    }

    /**
     * @param state             its state; empty when it is not managed (yet)
     * @param flagSaysNew       its config entry says the new job leads
     * @param eligible          {@link GatePolicy#eligible}: in SHADOW or READY_TO_PROMOTE with sufficient evidence
     * @param preflightProblems what its preflight would refuse (insufficient evidence, schema), empty when it passes
     * @param observed          its observations (its own cutover hour and rollback are derived from them)
     */
    public record Member(String stream, Optional<StreamState> state, boolean flagSaysNew, boolean eligible,
                         List<String> preflightProblems, StreamObservations observed) {

        public Member {
            preflightProblems = List.copyOf(preflightProblems);
        }

        /** In PREFLIGHT with its flag set and a preflight that passes (or was overridden). */
        public boolean readyToCutOver() {
            if (state.isEmpty() || !flagSaysNew) {
                return false;
            }
            StreamState s = state.get();
            boolean waiting = s.phase() == Phase.PREFLIGHT || (s.phase() == Phase.BLOCKED && s.overridden());
            return waiting && (preflightProblems.isEmpty() || s.overridden());
        }

        /** Routes say the new job leads (a rollback of the group takes it along). */
        public boolean cutOver() {
            return state.map(s -> s.phase() == Phase.CUTOVER || s.phase() == Phase.PROMOTED
                    || s.phase() == Phase.READY_TO_DECOMMISSION).orElse(false);
        }

        /** Why it is not ready to cut over, for the waiting member's problem. */
        public String notReady(String production) {
            if (state.isEmpty()) {
                return stream + " (not managed)";
            }
            if (!flagSaysNew) {
                return stream + " (" + state.get().phase() + ", its flag does not say " + production + ")";
            }
            if (!preflightProblems.isEmpty() && !state.get().overridden()) {
                return stream + " (" + state.get().phase() + ": " + String.join("; ", preflightProblems) + ")";
            }
            return stream + " (" + state.get().phase() + ")";
        }
    }

    /** Why {@code stream}, whose preflight passed, cannot cut over yet: the members not ready; empty when all are. */
    public Optional<String> waiting(String stream, String production) {
        List<String> waiting = others.stream().filter(m -> !m.readyToCutOver()).map(m -> m.notReady(production))
                .toList();
        return waiting.isEmpty() ? Optional.empty() : Optional.of("stream " + stream + ": preflight passed; waiting"
                + " to cut over together with " + group.describe() + ": " + String.join(", ", waiting));
    }

    /**
     * Why a revert of {@code stream}'s flag cannot roll the group back: another member is decommissioned (its legacy
     * job has stopped), so the group cannot move back together; empty when it can.
     */
    public Optional<String> rollbackRefusal(String stream, CutoverSettings settings) {
        return others.stream().filter(m -> m.state().map(s -> s.underlyingPhase() == Phase.DECOMMISSIONED)
                .orElse(false)).findFirst().map(m -> "stream " + stream + ": the flag was reverted, but " + m.stream()
                + " of " + group.describe() + " is decommissioned (" + settings.legacyJob() + " has stopped for it),"
                + " so the group cannot roll back together; routes unchanged; set the flag back to "
                + settings.productionDatabase());
    }

    /** Every other member is eligible for promotion. */
    public boolean othersEligible() {
        return others.stream().allMatch(Member::eligible);
    }
}
