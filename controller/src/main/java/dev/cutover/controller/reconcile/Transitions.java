package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.time.Instant;
import java.util.List;

/**
 * The two routing changes of the state machine, for one stream or for each member of a group: a cutover from an
 * hour (the new job leads under a new epoch) and a rollback from the cutover hour (legacy leads again under a new
 * epoch). Pure: each returns the next state and adds the audit note that explains it.
 */
final class Transitions {

    private Transitions() {
    }

    /** The cutover hour H: the first hour not yet committed to production (no hour is split between jobs). */
    static Hour cutoverHour(StreamObservations observed, CutoverSettings settings, Instant now) {
        return observed.lastCommittedIn(settings.productionDatabase().value()).map(Hour::next)
                .or(observed::firstObserved)
                .orElse(Hour.containing(now));
    }

    static StreamState cutover(StreamState state, Hour h, String why, MigrationPlan plan, Instant now,
                               List<Note> notes) {
        CutoverSettings settings = plan.settings();
        StreamState next = state.withRoutesFrom(h, settings.newJob(), false, h, now, plan.writeLease())
                .withPhase(Phase.CUTOVER, now).withPromotedAt(null).withProblems(List.of()).withOverridden(false);
        notes.add(Note.controller(state.phase() + " -> CUTOVER: from " + h + " " + settings.newJob() + " writes "
                + settings.productionDatabase() + ", " + settings.legacyJob() + " writes " + settings.legacyShadow()
                + ", epoch " + next.epoch() + "; rerun of " + h + " requested", why));
        return next;
    }

    static StreamState rollback(StreamState state, StreamObservations observed, String why, MigrationPlan plan,
                                Instant now, List<Note> notes) {
        CutoverSettings settings = plan.settings();
        Hour h = state.cutover().orElseGet(() -> cutoverHour(observed, settings, now));
        StreamState next = state.withRoutesFrom(h, settings.legacyJob(), false, h, now, plan.writeLease())
                .withPhase(Phase.ROLLING_BACK, now).withPromotedAt(null).withProblems(List.of())
                .withEvidenceFrom(cutoverHour(observed, settings, now));
        notes.add(Note.controller(state.phase() + " -> ROLLING_BACK: from " + h + " " + settings.legacyJob()
                + " writes " + settings.productionDatabase() + " again, epoch " + next.epoch()
                + "; production hours from " + h + " are restored by copies from " + settings.legacyShadow()
                + " after " + settings.newJob() + "'s output is preserved in " + settings.newShadow(), why));
        return next;
    }
}
